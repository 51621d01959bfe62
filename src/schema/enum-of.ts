/**
 * GraphQL enums are made from the domain's own lists (entities, compute, the formats table), so a
 * value is written once: registerEnumType wants an object of name -> internal value.
 */

/** Names equal to the values ("SANS" as SANS). */
export function enumOf<V extends string>(values: readonly V[]): { readonly [K in V]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in V]: K };
}

/**
 * Names that differ from the values, GraphQL style ("event-chain" as EVENT_CHAIN). The record is
 * keyed by value, so leaving a value out does not type-check.
 */
export function enumNamed<V extends string, N extends string>(names: Readonly<Record<V, N>>): { readonly [K in N]: V } {
  return Object.fromEntries(Object.entries<N>(names).map(([value, name]) => [name, value])) as { [K in N]: V };
}
