import type { Tone } from './sequence';

/**
 * The sequence diagram as a file for slides. Like Observable Plot, everything that touches the DOM
 * takes its `document`, so the SVG is built and tested under a test DOM as well as in the page.
 *
 * Colours come from a fixed palette per theme, a copy of the tokens in src/app.css, rather than
 * from getComputedStyle: the live diagram's colours are CSS custom properties resolved for the
 * page's current scheme only, so they could not give a light file from a dark page; a palette also
 * makes the output the same under a test DOM (which resolves no custom properties) as in Chromium.
 * TONE_COLOUR and the paint rules below mirror the `<style>` of SequenceDiagram.svelte.
 */

export type Theme = 'light' | 'dark';

interface Palette {
	background: string;
	fg: string;
	muted: string;
	border: string;
	accent: string;
	ok: string;
	error: string;
	candidate: string;
}

/** src/app.css: the light tokens, and those under prefers-color-scheme: dark (`--panel` as background). */
export const PALETTES: Record<Theme, Palette> = {
	light: {
		background: '#ffffff',
		fg: '#0f172a',
		muted: '#526175',
		border: '#cbd5e1',
		accent: '#1d4ed8',
		ok: '#15803d',
		error: '#b91c1c',
		candidate: '#7c3aed'
	},
	dark: {
		background: '#111827',
		fg: '#e5e7eb',
		muted: '#9ca3af',
		border: '#374151',
		accent: '#7aa2ff',
		ok: '#4ade80',
		error: '#f87171',
		candidate: '#c4a5ff'
	}
};

/** Each tone's colour, as `--tone` in SequenceDiagram.svelte; a new Tone must be added here. */
const TONE_COLOUR: Record<Tone, keyof Palette> = {
	call: 'fg',
	error: 'error',
	state: 'muted',
	candidate: 'candidate',
	message: 'accent',
	data: 'ok',
	drop: 'error',
	server: 'candidate'
};
const TONES = Object.keys(TONE_COLOUR) as Tone[];

const FONTS = {
	sans: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
	mono: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace"
};

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Space around the drawing, so that labels near the edge are not cut. */
const MARGIN = 12;

/** What is copied: shapes and text with their geometry. Anything else (scripts, handlers, ARIA
 * roles, focus, classes, inline styles left by an animation) stays behind. */
const GEOMETRY: Record<string, readonly string[]> = {
	g: [],
	line: ['x1', 'x2', 'y1', 'y2'],
	path: ['d'],
	circle: ['cx', 'cy', 'r'],
	rect: ['x', 'y', 'width', 'height'],
	text: ['x', 'y', 'dx', 'dy', 'text-anchor'],
	tspan: ['x', 'y', 'dx', 'dy']
};

export interface ExportOptions {
	theme: Theme;
	/** The file's `<title>`. */
	title?: string;
}

const number = (value: string | null | undefined): number | null => {
	const n = Number(value);
	return value != null && value !== '' && Number.isFinite(n) ? n : null;
};

/** An SVG's drawn size: its width/height attributes, else its viewBox, else its box on screen. */
function sizeOf(svg: SVGSVGElement): { width: number; height: number } {
	const viewBox = (svg.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
	const box = svg.getBoundingClientRect();
	return {
		width: number(svg.getAttribute('width')) ?? viewBox[2] ?? box.width,
		height: number(svg.getAttribute('height')) ?? viewBox[3] ?? box.height
	};
}

/** The standalone file's size in CSS pixels: the titles above the diagram, with a margin. */
export function standaloneSize(
	svg: SVGSVGElement,
	titles: SVGSVGElement | null
): { width: number; height: number } {
	const body = sizeOf(svg);
	const head = titles ? sizeOf(titles) : { width: 0, height: 0 };
	return {
		width: Math.ceil(Math.max(body.width, head.width) + 2 * MARGIN),
		height: Math.ceil(body.height + head.height + 2 * MARGIN)
	};
}

interface Paint {
	palette: Palette;
	/** The item's colour (its tone), inherited by its line, head and circle. */
	tone?: string;
	/** Inferred, not observed: dashed and italic, as on the page. */
	inferred?: boolean;
	dashed?: boolean;
}

/** The presentation attributes the page's stylesheet would give this element. */
function paint(source: Element, copy: Element, p: Paint): void {
	const tag = source.localName;
	const set = (name: string, value: string) => copy.setAttribute(name, value);
	if (tag === 'text') {
		set('fill', p.palette.fg);
		if (p.inferred) set('font-style', 'italic');
	} else if (tag === 'line') {
		set('stroke', source.classList.contains('lane') ? p.palette.border : (p.tone ?? p.palette.fg));
		set('stroke-width', '2');
		if (p.dashed) set('stroke-dasharray', '6 3');
	} else if (tag === 'path' || tag === 'circle' || tag === 'rect') {
		set('fill', p.tone ?? p.palette.fg);
	}
}

/** A clean copy of `source`'s drawable children, appended to `target`. */
function copyChildren(source: Element, target: Element, doc: Document, p: Paint): void {
	for (const child of Array.from(source.children)) {
		const tag = child.localName;
		const keep = GEOMETRY[tag];
		// The page's hit areas only catch pointer and focus; the highlight they draw is not content.
		if (!keep || child.namespaceURI !== SVG_NS || child.classList.contains('hit')) continue;
		const copy = doc.createElementNS(SVG_NS, tag);
		for (const name of keep) {
			const value = child.getAttribute(name);
			if (value !== null) copy.setAttribute(name, value);
		}
		let inner = p;
		if (tag === 'g') {
			const tone = TONES.find((t) => child.classList.contains(t));
			const inferred = child.classList.contains('inferred');
			inner = {
				palette: p.palette,
				tone: tone ? p.palette[TONE_COLOUR[tone]] : p.tone,
				inferred: inferred || p.inferred,
				dashed: inferred || tone === 'data' || p.dashed
			};
			// The item's sentence, which the page gives assistive technology, becomes its tooltip.
			const description = child.getAttribute('aria-label');
			if (description) {
				const title = doc.createElementNS(SVG_NS, 'title');
				title.textContent = description;
				copy.append(title);
			}
		}
		paint(child, copy, inner);
		if (tag === 'text' || tag === 'tspan') copy.textContent = child.textContent;
		else copyChildren(child, copy, doc, inner);
		target.append(copy);
	}
}

/**
 * The diagram as a standalone SVG document: the lane titles stacked above the diagram, on a
 * background of the theme, with every colour and font written on the elements (a file has no
 * stylesheet), text kept as text, and nothing interactive.
 */
export function standaloneSvg(
	svg: SVGSVGElement,
	titles: SVGSVGElement | null,
	doc: Document,
	options: ExportOptions
): string {
	const palette = PALETTES[options.theme];
	const { width, height } = standaloneSize(svg, titles);
	const root = doc.createElementNS(SVG_NS, 'svg');
	const attrs: Record<string, string | number> = {
		width,
		height,
		viewBox: `0 0 ${width} ${height}`,
		'font-family': FONTS.mono,
		'font-size': 11
	};
	for (const [name, value] of Object.entries(attrs)) root.setAttribute(name, String(value));

	const title = doc.createElementNS(SVG_NS, 'title');
	title.textContent = options.title ?? 'WebRTC handshake: sequence diagram';
	root.append(title);

	const background = doc.createElementNS(SVG_NS, 'rect');
	for (const [name, value] of Object.entries({ width, height, fill: palette.background }))
		background.setAttribute(name, String(value));
	root.append(background);

	let top = MARGIN;
	if (titles) {
		const head = doc.createElementNS(SVG_NS, 'g');
		head.setAttribute('transform', `translate(${MARGIN},${top})`);
		head.setAttribute('font-family', FONTS.sans);
		head.setAttribute('font-size', '13');
		head.setAttribute('font-weight', '700');
		copyChildren(titles, head, doc, { palette });
		root.append(head);
		top += sizeOf(titles).height;
	}
	const body = doc.createElementNS(SVG_NS, 'g');
	body.setAttribute('transform', `translate(${MARGIN},${top})`);
	copyChildren(svg, body, doc, { palette });
	root.append(body);

	const view = doc.defaultView;
	if (!view) throw new Error('standaloneSvg needs a document with a window (defaultView)');
	const text = new view.XMLSerializer().serializeToString(root);
	return `<?xml version="1.0" encoding="UTF-8"?>\n${text}\n`;
}

/**
 * The diagram's blocks as one SVG, for standaloneSvg: SequenceDiagram draws each run of rows as
 * an SVG of its own, in the diagram's coordinates, so their children (lane segments and items)
 * go into one SVG as they are.
 */
export function joinBlocks(
	blocks: readonly SVGSVGElement[],
	width: number,
	height: number,
	doc: Document
): SVGSVGElement {
	const svg = doc.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
	svg.setAttribute('width', String(width));
	svg.setAttribute('height', String(height));
	for (const block of blocks)
		for (const child of Array.from(block.children)) svg.append(child.cloneNode(true));
	return svg;
}

/** Chromium's canvas limits: 32767 px a side and 268 million pixels (with room to spare). */
const MAX_SIDE = 16384;
const MAX_AREA = 128 * 1024 * 1024;

/**
 * Rasterizes an SVG document at `scale` times its size (2 for sharp slides): an image from a Blob
 * URL, drawn on a canvas. A very long diagram gets a smaller scale so that the canvas stays within
 * the browser's limits.
 */
export async function svgToPng(
	svgText: string,
	width: number,
	height: number,
	doc: Document,
	scale = 2
): Promise<Blob> {
	const view = doc.defaultView;
	if (!view) throw new Error('svgToPng needs a document with a window (defaultView)');
	const fit = Math.min(
		scale,
		MAX_SIDE / width,
		MAX_SIDE / height,
		Math.sqrt(MAX_AREA / (width * height))
	);
	const url = view.URL.createObjectURL(new view.Blob([svgText], { type: 'image/svg+xml' }));
	try {
		const image = new view.Image();
		await new Promise<void>((resolve, reject) => {
			image.onload = () => resolve();
			image.onerror = () => reject(new Error('The browser could not draw the SVG as an image.'));
			image.src = url;
		});
		const canvas = doc.createElement('canvas');
		canvas.width = Math.max(1, Math.round(width * fit));
		canvas.height = Math.max(1, Math.round(height * fit));
		const context = canvas.getContext('2d');
		if (!context) throw new Error('This browser gives no 2D canvas to draw the PNG on.');
		context.drawImage(image, 0, 0, canvas.width, canvas.height);
		return await new Promise<Blob>((resolve, reject) =>
			canvas.toBlob(
				(blob) => (blob ? resolve(blob) : reject(new Error('The canvas made no PNG.'))),
				'image/png'
			)
		);
	} finally {
		view.URL.revokeObjectURL(url);
	}
}
