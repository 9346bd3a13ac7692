/**
 * CIFAR binary batches, parsed over bytes (pure: runs in a browser). A CIFAR-10 record is one
 * label byte then 3072 pixel bytes (1024 red, 1024 green, 1024 blue, each 32x32 row-major,
 * i.e. already channels-first `[3, 32, 32]`); a CIFAR-100 record has two label bytes
 * (coarse, fine) before the pixels.
 */
import { ValueError } from "../errors.js";
import type { ByteChunk } from "./dataset.js";

/** Pixel bytes of one CIFAR image. */
export const CIFAR_IMAGE_BYTES = 3 * 32 * 32;

/** Which CIFAR flavour a batch file is. */
export interface CifarFormat {
  /** 1 for CIFAR-10, 2 for CIFAR-100. */
  labelBytes: 1 | 2;
  /** Which label byte is the item's label (CIFAR-100: 0 coarse, 1 fine). */
  labelIndex: number;
  /** Labels must be below this (10, 20 coarse or 100 fine). */
  numClasses: number;
}

/**
 * Validates one binary batch and describes it as a chunk of records (zero-copy views into
 * `bytes`). Throws on a length that is not a whole number of records and on labels out of
 * range, before anything is returned.
 */
export function parseCifarBatch(bytes: Uint8Array, format: CifarFormat, name = "bytes"): ByteChunk {
  const op = "parseCifarBatch";
  const record = format.labelBytes + CIFAR_IMAGE_BYTES;
  if (!(bytes instanceof Uint8Array)) throw new ValueError(`${op}: ${name} is not a Uint8Array, expected the batch file's bytes`);
  if (bytes.length === 0 || bytes.length % record !== 0) {
    const whole = Math.floor(bytes.length / record);
    throw new ValueError(
      `${op}: ${name} has ${bytes.length} bytes, expected a positive multiple of ${record} (${format.labelBytes} label byte(s) + ${CIFAR_IMAGE_BYTES} pixels per image); truncated after ${whole} whole record(s)?`,
    );
  }
  const count = bytes.length / record;
  for (let j = 0; j < count; j++) {
    const label = bytes[j * record + format.labelIndex]!;
    if (label >= format.numClasses) {
      throw new ValueError(`${op}: ${name} has label ${label} in record ${j}, expected a class in 0..${format.numClasses - 1} (wrong CIFAR variant?)`);
    }
  }
  return { count, pixels: bytes, pixelStart: format.labelBytes, pixelStride: record, labels: bytes, labelStart: format.labelIndex, labelStride: record };
}

/** The CIFAR-10 format. */
export const CIFAR10_FORMAT: CifarFormat = { labelBytes: 1, labelIndex: 0, numClasses: 10 };

/** The CIFAR-100 format with fine (100 classes) or coarse (20 superclasses) labels. */
export function cifar100Format(labelType: "fine" | "coarse" = "fine"): CifarFormat {
  return labelType === "fine" ? { labelBytes: 2, labelIndex: 1, numClasses: 100 } : { labelBytes: 2, labelIndex: 0, numClasses: 20 };
}
