/**
 * A version's card as one viewer may read it. A model can be published (or shared) while the
 * datasets it was trained on stay private: the card keeps saying how it was trained, but the ids
 * of training and validation datasets the viewer may not see are left out, as provenance cuts them.
 */

/** The dataset ids a card's training record names (training first, then validation). */
export function cardDatasetIds(card: Record<string, unknown>): string[] {
  const training = card.training;
  if (!training || typeof training !== "object") return [];
  const t = training as { datasetIds?: unknown; validationDatasetIds?: unknown };
  const ids = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  return [...ids(t.datasetIds), ...ids(t.validationDatasetIds)];
}

/** The card with only the dataset ids in `visible` left in its training record. */
export function cardForViewer(card: Record<string, unknown>, visible: ReadonlySet<string>): Record<string, unknown> {
  const training = card.training;
  if (!training || typeof training !== "object" || Array.isArray(training)) return card;
  const t = training as Record<string, unknown>;
  const keep = (v: unknown) => (Array.isArray(v) ? v.filter((id) => typeof id === "string" && visible.has(id)) : v);
  const datasetIds = keep(t.datasetIds);
  const validationDatasetIds = keep(t.validationDatasetIds);
  if (sameLength(datasetIds, t.datasetIds) && sameLength(validationDatasetIds, t.validationDatasetIds)) return card;
  return { ...card, training: { ...t, datasetIds, validationDatasetIds } };
}

function sameLength(a: unknown, b: unknown): boolean {
  return !Array.isArray(a) || !Array.isArray(b) || a.length === b.length;
}
