import type { EntityManager } from "typeorm";
import { In } from "typeorm";
import { Group } from "../entities";
import { badInput } from "./errors";
import { checkTexts } from "./text";

/**
 * Groups by name, read through `manager` (inside a transaction, pass its manager: a read on the
 * pool would take a second connection and see another snapshot). Unknown names are BAD_USER_INPUT
 * on `field`.
 */
export async function groupsByName(manager: EntityManager, names: string[], field = "accessGroups"): Promise<Group[]> {
  checkTexts(names, field);
  const unique = [...new Set(names)];
  if (unique.length === 0) return [];
  const groups = await manager.getRepository(Group).findBy({ name: In(unique) });
  const missing = unique.filter((n) => !groups.some((g) => g.name === n));
  if (missing.length > 0)
    throw badInput(`unknown group(s): ${missing.join(", ")}: ask an administrator to create them (sasgraph token create --group NAME)`, field);
  return groups;
}
