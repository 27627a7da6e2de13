/** What a command may touch of its process, so it runs the same from the bin and from a test. */
export interface CliIo {
  /** Environment variables. */
  env: Readonly<Record<string, string | undefined>>;
  /** Writes to standard output (the banner, a token, help). */
  stdout(text: string): void;
  /** Writes to standard error (logs and errors). */
  stderr(text: string): void;
  /** Aborted when the process should shut down (SIGINT/SIGTERM in the bin). */
  shutdown?: AbortSignal;
}
