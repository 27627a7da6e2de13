/**
 * Where the server keeps small text files (the counter value). Each runtime's entry point supplies one; the
 * shared code never touches the file system itself.
 */
export interface TextStore {
  /** The file's text, or `undefined` when it does not exist yet. */
  read(name: string): Promise<string | undefined>;
  /** Replaces the file's text atomically: a reader sees the old text or the new, never a mix. */
  write(name: string, text: string): Promise<void>;
}
