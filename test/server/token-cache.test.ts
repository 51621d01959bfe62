import { TOKEN_CACHE_TTL_MS, TokenCache } from "../../src/services/token-cache";

describe("TokenCache", () => {
  const viewer = { userId: "u1", userName: "ada", groupIds: ["g1"] };

  test("a viewer is served for at most the TTL, then must be looked up again", () => {
    let now = 1000;
    const cache = new TokenCache(TOKEN_CACHE_TTL_MS, () => now);
    cache.set("h", viewer);
    expect(cache.get("h")).toEqual(viewer);
    now += TOKEN_CACHE_TTL_MS - 1;
    expect(cache.get("h")).toEqual(viewer);
    now += 1;
    expect(cache.get("h")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  test("clear drops everything; cached viewers are frozen copies; TTL 0 caches nothing", () => {
    const cache = new TokenCache();
    cache.set("h", viewer);
    const got = cache.get("h")!;
    expect(got).not.toBe(viewer);
    expect(Object.isFrozen(got) && Object.isFrozen(got.groupIds)).toBe(true);
    cache.clear();
    expect(cache.get("h")).toBeUndefined();
    const off = new TokenCache(0);
    off.set("h", viewer);
    expect(off.get("h")).toBeUndefined();
  });
});
