// What the trigger's simulations and its soak test count: every message injected must be emitted
// exactly once. `duplicates` (emitted more than once), `misses` (injected, never emitted) and
// `extras` (emitted, never injected) must all be 0.

export interface DeliveryTally {
	duplicates: number;
	misses: number;
	extras: number;
}

export class DeliveryCount<Label = string> {
	/** Message id -> what the test labels it with (e.g. the phase it was written in). */
	private readonly injected = new Map<string, Label | undefined>();
	/** Message id -> how many times it was emitted. */
	private readonly emitted = new Map<string, number>();

	inject(id: string, label?: Label): void {
		this.injected.set(id, label);
	}

	emit(id: string): void {
		this.emitted.set(id, (this.emitted.get(id) ?? 0) + 1);
	}

	/** Forgets what was emitted, e.g. before counting the executions again. */
	clearEmitted(): void {
		this.emitted.clear();
	}

	get injectedCount(): number {
		return this.injected.size;
	}

	/** Distinct ids emitted. */
	get emittedCount(): number {
		return this.emitted.size;
	}

	/** Whether every injected id was emitted at least once. */
	allEmitted(): boolean {
		return [...this.injected.keys()].every((id) => this.emitted.has(id));
	}

	tally(): DeliveryTally {
		return {
			duplicates: [...this.emitted.values()].filter((count) => count > 1).length,
			misses: [...this.injected.keys()].filter((id) => !this.emitted.has(id)).length,
			extras: [...this.emitted.keys()].filter((id) => !this.injected.has(id)).length,
		};
	}

	/** Misses by the label they were injected with. */
	missesByLabel(): Record<string, number> {
		const byLabel: Record<string, number> = {};
		for (const [id, label] of this.injected)
			if (!this.emitted.has(id)) byLabel[String(label)] = (byLabel[String(label)] ?? 0) + 1;
		return byLabel;
	}
}

/** A seeded PRNG (mulberry32), so that a randomized run replays exactly from its seed. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
