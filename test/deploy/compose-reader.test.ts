import { interpolate, readYamlSubset, YamlSubsetError } from "./compose-reader";

describe("readYamlSubset", () => {
  it("reads maps, sequences, scalars, flow sequences and comments", () => {
    const doc = readYamlSubset(`# leading comment
name: demo
services:
  api:
    image: "sasgraph:local" # trailing comment
    command: ["serve", "--workers", "0"]
    ports:
      - "4000:4000"
      - 127.0.0.1:9001:9001
    quoted: 'it''s # not a comment'
    hash: "a # b"
    empty: []
    nested:
      -
        - a
volumes:
  data:
`);
    expect(doc).toEqual({
      name: "demo",
      services: {
        api: {
          image: "sasgraph:local",
          command: ["serve", "--workers", "0"],
          ports: ["4000:4000", "127.0.0.1:9001:9001"],
          quoted: "it's # not a comment",
          hash: "a # b",
          empty: [],
          nested: [["a"]],
        },
      },
      volumes: { data: null },
    });
  });

  it("keeps plain scalars as strings", () => {
    expect(readYamlSubset("replicas: 2\ndisable: true\n")).toEqual({ replicas: "2", disable: "true" });
  });

  it("resolves anchors, aliases and << merges with explicit keys winning", () => {
    const doc = readYamlSubset(`x-env: &env
  A: "1"
  B: "2"
x-base: &base
  restart: always
  build: .
one:
  <<: *base
  restart: "no"
  environment:
    <<: *env
    B: "3"
two: *env
scalar: &s hello
three: *s
`);
    expect(doc.one).toEqual({ restart: "no", build: ".", environment: { A: "1", B: "3" } });
    expect(doc.two).toEqual({ A: "1", B: "2" });
    expect(doc.three).toBe("hello");
  });

  it.each([
    ["a flow map", "a: {b: 1}\n", /flow maps/],
    ["a block scalar", "a: |\n  text\n", /block scalars/],
    ["a tab", "a:\n\tb: 1\n", /tab/],
    ["a duplicate key", "a: 1\na: 2\n", /duplicate key "a"/],
    ["a map inside a sequence", "a:\n  - b: 1\n", /maps inside sequences/],
    ["an unknown alias", "a: *nope\n", /unknown alias/],
    ["bad indentation", "a:\n    b: 1\n  c: 2\n", /unexpected indentation|where a map key/],
    ["a second document", "a: 1\n---\nb: 2\n", /documents/],
    ["an unquoted ': '", "a: b: c\n", /": "/],
    ["a tag", "a: !!str 1\n", /may not start with !/],
    ["a nested flow sequence", "a: [[1]]\n", /nested flow/],
    ["an unterminated string", 'a: "open\n', /unterminated/],
  ])("rejects %s with its line number", (_what, source, message) => {
    let error: unknown;
    try {
      readYamlSubset(source);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(YamlSubsetError);
    expect((error as Error).message).toMatch(/^line \d+: /);
    expect((error as Error).message).toMatch(message);
  });
});

describe("interpolate", () => {
  it("follows Compose's rules", () => {
    const env = { SET: "value", EMPTY: "" };
    expect(interpolate("${SET}/${UNSET}/$SET", env)).toBe("value//value");
    expect(interpolate("${UNSET:-dflt} ${EMPTY:-dflt} ${EMPTY-dflt} ${SET:-dflt}", env)).toBe("dflt dflt  value");
    expect(interpolate("$${NOT_A_VAR} $$", env)).toBe("${NOT_A_VAR} $");
    expect(() => interpolate("${UNSET:?must be set}", env)).toThrow(/UNSET.*must be set/);
    expect(interpolate("${SET:?must be set}", env)).toBe("value");
    expect(() => interpolate("${OPEN", env)).toThrow(/unterminated/);
  });
});
