import { createHash, randomBytes } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import { IsNull } from "typeorm";
import { ApiToken, Group, User } from "../entities";
import { ANONYMOUS, type Viewer } from "./viewer";
import { badInput, unauthenticated } from "./errors";
import { TokenCache } from "./token-cache";
import { groupsByName } from "./groups";

const TOKEN_PREFIX = "sgt_";
const NAME_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface IssuedToken {
  /** The secret, shown once. */
  token: string;
  user: User;
  groups: Group[];
}

/** Users, groups and API tokens. Tokens are random 256-bit secrets; only their SHA-256 is stored. */
export class AuthService {
  /** Viewers by token hash for a few seconds (token-cache.ts): no SQL on most authenticated requests. */
  private readonly viewers: TokenCache;

  constructor(
    private readonly db: DataSource,
    viewers?: TokenCache,
  ) {
    this.viewers = viewers ?? new TokenCache();
  }

  /** Writes go through `manager`: pass a transaction's to make them part of it. */
  async ensureUser(name: string, displayName?: string, manager: EntityManager = this.db.manager): Promise<User> {
    if (!NAME_PATTERN.test(name)) throw badInput(`user name "${name}" must be 1-64 letters, digits or _ . @ -`, "user");
    const repo = manager.getRepository(User);
    await repo
      .createQueryBuilder()
      .insert()
      .values({ name, displayName: displayName ?? null })
      .orIgnore()
      .execute();
    return repo.findOneOrFail({ where: { name }, relations: { groups: true } });
  }

  async ensureGroup(name: string, manager: EntityManager = this.db.manager): Promise<Group> {
    if (!NAME_PATTERN.test(name)) throw badInput(`group name "${name}" must be 1-64 letters, digits or _ . @ -`, "group");
    const repo = manager.getRepository(Group);
    await repo.createQueryBuilder().insert().values({ name }).orIgnore().execute();
    return repo.findOneByOrFail({ name });
  }

  /** Create (or reuse) the user and groups, add the memberships, and issue a new token. */
  async createToken(userName: string, groupNames: string[] = [], label?: string): Promise<IssuedToken> {
    // New memberships must show at once on tokens this process has cached.
    this.viewers.clear();
    return this.db.transaction(async (tx) => {
      const user = await this.ensureUser(userName, undefined, tx);
      const groups: Group[] = [];
      for (const g of groupNames) groups.push(await this.ensureGroup(g, tx));
      for (const g of groups) {
        await tx.query(`INSERT INTO user_groups (user_id, group_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [user.id, g.id]);
      }
      const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
      await tx.getRepository(ApiToken).insert({
        userId: user.id,
        tokenHash: hashToken(token),
        prefix: token.slice(0, TOKEN_PREFIX.length + 6),
        label: label ?? null,
      });
      const allGroups = await tx.query(`SELECT g.* FROM groups g JOIN user_groups ug ON ug.group_id = g.id WHERE ug.user_id = $1 ORDER BY g.name`, [user.id]);
      return { token, user, groups: allGroups as Group[] };
    });
  }

  async revokeToken(prefix: string): Promise<number> {
    const result = await this.db.getRepository(ApiToken).update({ prefix, revokedAt: IsNull() }, { revokedAt: new Date() });
    this.viewers.clear(); // the hash of a prefix is unknown here: drop everything
    return result.affected ?? 0;
  }

  /**
   * The viewer for an `Authorization` header value; anonymous when absent, an error when invalid.
   * A revocation made by another process takes effect within TOKEN_CACHE_TTL_MS (5 s).
   */
  async authenticate(header: string | undefined): Promise<Viewer> {
    if (!header) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw unauthenticated("the Authorization header must be 'Bearer <token>'");
    const tokenHash = hashToken(match[1]);
    const cached = this.viewers.get(tokenHash);
    if (cached) return cached;
    const rows: { user_id: string; name: string; revoked_at: Date | null; group_ids: string[] | null }[] = await this.db.query(
      `SELECT t.user_id, u.name, t.revoked_at,
              array_remove(array_agg(ug.group_id), NULL) AS group_ids
         FROM api_tokens t JOIN users u ON u.id = t.user_id
         LEFT JOIN user_groups ug ON ug.user_id = u.id
        WHERE t.token_hash = $1
        GROUP BY t.user_id, u.name, t.revoked_at`,
      [tokenHash],
    );
    const row = rows[0];
    if (!row || row.revoked_at) throw unauthenticated("the API token is unknown or revoked");
    const viewer: Viewer = { userId: row.user_id, userName: row.name, groupIds: row.group_ids ?? [] };
    this.viewers.set(tokenHash, viewer);
    return viewer;
  }

  /** The viewer a job acts as: its owner, with the groups they have now (access may have changed). */
  async viewerFor(userId: string): Promise<Viewer> {
    const rows: { name: string; group_ids: string[] | null }[] = await this.db.query(
      `SELECT u.name, array_remove(array_agg(ug.group_id), NULL) AS group_ids
         FROM users u LEFT JOIN user_groups ug ON ug.user_id = u.id WHERE u.id = $1 GROUP BY u.name`,
      [userId],
    );
    if (!rows[0]) throw unauthenticated("the user of this job no longer exists");
    return { userId, userName: rows[0].name, groupIds: rows[0].group_ids ?? [] };
  }

  /** The groups, by name (groups.ts); BAD_USER_INPUT for unknown ones. */
  groupsByName(names: string[], manager: EntityManager = this.db.manager): Promise<Group[]> {
    return groupsByName(manager, names);
  }
}
