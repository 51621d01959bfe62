/**
 * The fast float8[] parser gives pg's numbers bit for bit, on arrays PostgreSQL itself wrote (its
 * shortest round-trip output: exponents like 1e-07, -0, subnormals, the largest double), and leaves
 * NULL elements, NaN, infinities and nested arrays to pg's parser.
 */
import { Client, types } from "pg";
import { fastTypes, parseFloat8Array } from "../../src/db/float-arrays";

let plain: Client;
let fast: Client;
beforeAll(async () => {
  const url = process.env.SASGRAPH_TEST_DATABASE_URL;
  if (!url) throw new Error("SASGRAPH_TEST_DATABASE_URL is not set: jest's globalSetup starts the test database");
  plain = new Client({ connectionString: url });
  fast = new Client({ connectionString: url, types: fastTypes as never });
  await Promise.all([plain.connect(), fast.connect()]);
});
afterAll(async () => {
  await Promise.all([plain?.end(), fast?.end()]);
});

function sameBits(a: unknown, b: unknown): void {
  expect(Array.isArray(a) && Array.isArray(b)).toBe(true);
  const x = a as unknown[];
  const y = b as unknown[];
  expect(x.length).toBe(y.length);
  expect(x.filter((v, i) => !Object.is(v, y[i]))).toEqual([]);
}

test("arrays PostgreSQL wrote parse to pg's doubles bit for bit", async () => {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const values = Array.from({ length: 5000 }, () => (random() - 0.5) * 10 ** Math.floor(random() * 600 - 300));
  values.push(0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e-7, 123456789012345680000, 0.1, 1 / 3);
  // -0 is written by PostgreSQL (pg sends a JS -0 as "0").
  const sql = "SELECT $1::float8[] AS a, ARRAY['-0'::float8, 1] AS negative_zero, ARRAY[]::float8[] AS empty";
  const [p, f] = await Promise.all([plain.query(sql, [values]), fast.query(sql, [values])]);
  sameBits(f.rows[0].a, p.rows[0].a);
  sameBits(f.rows[0].a, values);
  sameBits(f.rows[0].negative_zero, p.rows[0].negative_zero);
  expect(Object.is(f.rows[0].negative_zero[0], -0)).toBe(true);
  sameBits(f.rows[0].empty, p.rows[0].empty);
});

test("what JSON cannot read goes to pg's parser", async () => {
  const sql = "SELECT ARRAY[1, NULL, 'NaN'::float8, 'Infinity'::float8, '-Infinity'::float8]::float8[] AS special, ARRAY[[1.5, 2], [3, 4]]::float8[] AS nested";
  const [p, f] = await Promise.all([plain.query(sql), fast.query(sql)]);
  expect(f.rows[0].special).toEqual(p.rows[0].special);
  expect(f.rows[0].nested).toEqual(p.rows[0].nested);
  // Other types keep pg's parsers.
  expect(fastTypes.getTypeParser(1700, "text")).toBe(types.getTypeParser(1700, "text"));
  expect(parseFloat8Array("{1,2.5e-07}")).toEqual([1, 2.5e-7]);
});
