import type { Logger, QueryRunner } from "typeorm";

/**
 * A TypeORM logger that counts SQL statements: tests use it to prove that nested GraphQL fields are
 * batched (the statement count of a page does not grow with its size).
 */
export class QueryCounter implements Logger {
  count = 0;
  readonly recent: string[] = [];
  constructor(
    private readonly keep = 50,
    private readonly echo = false,
  ) {}

  logQuery(query: string): void {
    this.count++;
    this.recent.push(query);
    if (this.recent.length > this.keep) this.recent.shift();
    if (this.echo) console.log(query);
  }
  logQueryError(error: string | Error, query: string): void {
    if (this.echo) console.error(error, query);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(_level: "log" | "info" | "warn", _message: unknown, _queryRunner?: QueryRunner): void {}
}
