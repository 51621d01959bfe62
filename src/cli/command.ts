export interface Command {
  summary: string;
  /** Returns the process exit code. */
  run(argv: string[]): Promise<number>;
}

/** Resolve when the process is asked to stop (Ctrl-C, SIGTERM). */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(signal);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}
