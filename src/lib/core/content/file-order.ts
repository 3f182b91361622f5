/**
 * Content files in one order on every machine: by code point, as `LC_ALL=C ls` lists them. Not
 * `localeCompare`: its order follows the reader's locale, and its first call builds an ICU
 * collator, about 9 ms of one task while a page starts (measured in Chromium).
 */
export function inFileOrder(files: Record<string, string>): [string, string][] {
	return Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
