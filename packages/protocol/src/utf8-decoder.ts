/**
 * Streaming UTF-8 decoding with the WHATWG decoder's results (invalid bytes become U+FFFD, a character
 * split across chunks is reassembled, no BOM handling), faster on ASCII text. Runtimes decode a whole
 * ASCII buffer several times faster than in streaming mode (Node: 5×), but non-ASCII text slower. So
 * chunks are decoded whole while they are ASCII, cut before a character left unfinished at their end
 * (those bytes, at most 3, are carried to the next chunk); after non-ASCII text, in streaming mode, until
 * an ASCII chunk ends on an ASCII byte (then the streaming decoder holds nothing and we switch back).
 *
 * Cutting before a byte that is not a continuation byte never changes the output: whatever the decoder
 * holds at that point is invalid there and becomes one U+FFFD, in streaming mode and at a buffer's end alike.
 */
export interface Utf8Decoder {
  /** Decodes the next chunk; an unfinished character at its end waits for the next one. */
  decode(bytes: Uint8Array): string;
  /** Ends the stream: an unfinished character becomes U+FFFD. The decoder can then start a new stream. */
  end(): string;
}

const isContinuation = (byte: number): boolean => (byte & 0xc0) === 0x80;

/** Bytes a character needs, from its first byte (1 for ASCII and for bytes that cannot start one). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

/** Where the character left unfinished at the end of `bytes` starts, or `bytes.length` when there is none. */
function unfinishedStart(bytes: Uint8Array): number {
  const length = bytes.length;
  let trailing = 0;
  while (trailing < 3 && trailing < length && isContinuation(bytes[length - 1 - trailing]!)) trailing++;
  const lead = length - 1 - trailing;
  // Three continuation bytes end any character; with no lead byte at all they are invalid on their own.
  if (trailing === 3 || lead < 0) return length;
  return trailing + 1 < sequenceLength(bytes[lead]!) ? lead : length;
}

const STREAM = { stream: true } as const;

export function createUtf8Decoder(): Utf8Decoder {
  // The BOM is the parser's business (it strips one at the start of the stream, text chunks included).
  const whole = new TextDecoder("utf-8", { ignoreBOM: true });
  let streaming: TextDecoder | undefined;
  let carried: Uint8Array | undefined;

  function decodeStreaming(decoder: TextDecoder, bytes: Uint8Array): string {
    const text = decoder.decode(bytes, STREAM);
    if (text.length === bytes.length && bytes[bytes.length - 1]! < 0x80) streaming = undefined;
    return text;
  }

  return {
    decode(bytes) {
      if (bytes.length === 0) return "";
      if (streaming !== undefined) return decodeStreaming(streaming, bytes);
      let input = bytes;
      if (carried !== undefined) {
        input = new Uint8Array(carried.length + bytes.length);
        input.set(carried);
        input.set(bytes, carried.length);
        carried = undefined;
      }
      const cut = unfinishedStart(input);
      if (cut < input.length) {
        carried = input.slice(cut);
        input = input.subarray(0, cut);
      }
      const text = input.length === 0 ? "" : whole.decode(input);
      if (text.length !== input.length) {
        // Non-ASCII text: the next chunks go through the streaming decoder, carried bytes first.
        streaming = new TextDecoder("utf-8", { ignoreBOM: true });
        if (carried !== undefined) {
          const rest = carried;
          carried = undefined;
          return text + decodeStreaming(streaming, rest);
        }
      }
      return text;
    },
    end() {
      if (streaming !== undefined) {
        const rest = streaming.decode();
        streaming = undefined;
        return rest;
      }
      const rest = carried;
      carried = undefined;
      return rest === undefined ? "" : whole.decode(rest);
    },
  };
}
