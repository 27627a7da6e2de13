const PEM_LABEL = /-----BEGIN ([A-Z0-9 ]+)-----/;

/** The label of the first PEM block (`PUBLIC KEY`, `PRIVATE KEY`, `CERTIFICATE`…), or undefined for a secret. */
export function pemLabel(text: string): string | undefined {
  return PEM_LABEL.exec(text)?.[1];
}
