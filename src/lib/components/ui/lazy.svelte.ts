/**
 * A part of a page that is loaded when it is first needed (a dynamic `import()`), held as runes:
 * `value` is null until it has arrived, `error` says why the last attempt failed. Made once per
 * module, so every view of the page that needs the part shares the one download.
 */
export class Lazy<T> {
	value = $state.raw<T | null>(null);
	error = $state<string | null>(null);
	readonly #import: () => Promise<T>;
	#pending: Promise<T | null> | null = null;
	#waiting: ((part: T) => void)[] = [];

	/** @param load the dynamic import; nothing is fetched until `load()` is called */
	constructor(load: () => Promise<T>) {
		this.#import = load;
	}

	/**
	 * Starts the download unless it is done or under way; after a failure, tries again. Resolves
	 * to the part, or to null if it could not be loaded (then `error` says why).
	 */
	load(): Promise<T | null> {
		if (this.value) return Promise.resolve(this.value);
		if (this.#pending) return this.#pending;
		this.error = null;
		this.#pending = this.#import().then(
			(loaded) => {
				this.value = loaded;
				for (const resolve of this.#waiting.splice(0)) resolve(loaded);
				return loaded;
			},
			(e: unknown) => {
				this.error = e instanceof Error ? e.message : String(e);
				this.#pending = null;
				return null;
			}
		);
		return this.#pending;
	}

	/**
	 * Resolves once the part has arrived, however many tries that takes: `load()` starts one, and a
	 * reader's `Try again` (LoadStatus) the next.
	 */
	arrived(): Promise<T> {
		if (this.value) return Promise.resolve(this.value);
		return new Promise((resolve) => this.#waiting.push(resolve));
	}
}
