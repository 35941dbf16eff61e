/**
 * Deterministic randomness for the sandbox: every id and every "random" choice comes from one seeded
 * PRNG per store, so the same seed and the same sequence of calls always give the same data.
 */

/** sfc32: small, fast, good enough for fake data (not for crypto). */
export class Random {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(seed: number) {
		this.a = 0x9e3779b9;
		this.b = 0x243f6a88;
		this.c = 0xb7e15162;
		this.d = seed >>> 0;
		for (let i = 0; i < 12; i++) this.next();
	}

	/** A float in [0, 1). */
	next(): number {
		this.a >>>= 0;
		this.b >>>= 0;
		this.c >>>= 0;
		this.d >>>= 0;
		const t = (this.a + this.b + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return (t >>> 0) / 4294967296;
	}

	/** An integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	/** A version-4 UUID built from the PRNG. */
	uuid(): string {
		const hex: string[] = [];
		for (let i = 0; i < 4; i++)
			hex.push(((this.next() * 4294967296) >>> 0).toString(16).padStart(8, '0'));
		const h = hex.join('');
		const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
	}
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
	return typeof value === 'string' && UUID_PATTERN.test(value);
}

/** MaiAgent timestamps: 13-digit epoch milliseconds as a string ("1728181396000"). */
export function timestamp(ms: number): string {
	return String(Math.trunc(ms));
}

/** Accepts what injectMessage accepts (ms number or 13-digit string) and returns a MaiAgent timestamp. */
export function toTimestamp(value: number | string): string {
	const ms = typeof value === 'number' ? value : Number(value);
	if (!Number.isFinite(ms) || ms < 0) throw new Error(`Invalid timestamp: ${String(value)}`);
	return timestamp(ms);
}

/** A stable 32-bit hash (FNV-1a) used to derive deterministic replies and scores from text. */
export function hash(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}
