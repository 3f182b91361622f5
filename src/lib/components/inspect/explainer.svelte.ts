/**
 * Loads `./explainer` (the annotator, the decoder and the explanation texts) once, the first time
 * a page asks for it, and holds it as runes: views show a short placeholder while `module` is null
 * and the failure, with a way to try again, when `error` is set. One loader for the whole page, so
 * the lab's Inspector and /inspect share the one download.
 */
type Explainer = typeof import('./explainer');

let module = $state.raw<Explainer | null>(null);
let error = $state<string | null>(null);
let pending: Promise<Explainer | null> | null = null;

export const explainer = {
	/** The loaded module, or null until it has arrived. */
	get module(): Explainer | null {
		return module;
	},
	/** Why the last attempt failed (a network error, a deployment that replaced the files …). */
	get error(): string | null {
		return error;
	},
	/**
	 * Starts the download unless it is done or under way; after a failure, tries again. Resolves
	 * to the module, or to null if it could not be loaded (then `error` says why).
	 */
	load(): Promise<Explainer | null> {
		if (module) return Promise.resolve(module);
		if (pending) return pending;
		error = null;
		pending = import('./explainer').then(
			(loaded) => (module = loaded),
			(e: unknown) => {
				error = e instanceof Error ? e.message : String(e);
				pending = null;
				return null;
			}
		);
		return pending;
	}
};
