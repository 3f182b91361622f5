// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import type { TraceEvent } from '$lib/core/trace/types';
import { joinBlocks, PALETTES, standaloneSize, standaloneSvg } from './export-svg';
import { layoutSequence } from './sequence';

const SVG_NS = 'http://www.w3.org/2000/svg';

const events: TraceEvent[] = [
	{ t: 1, type: 'api-call', peer: 'alice', method: 'createOffer', phase: 'resolve' },
	{ t: 2, type: 'bus-message', id: 1, from: 'alice', to: 'bob', kind: 'offer', phase: 'sent' },
	{ t: 3, type: 'bus-message', id: 1, from: 'alice', to: 'bob', kind: 'offer', phase: 'delivered' },
	{ t: 4, type: 'state-change', peer: 'bob', machine: 'signaling', value: 'have-remote-offer' },
	{
		t: 5,
		type: 'data-channel',
		peer: 'bob',
		label: 'chat',
		phase: 'message',
		data: '<script>alert(1)</script> & "hi"'
	}
];

/**
 * The markup SequenceDiagram.svelte writes for a layout, interactive attributes and all: an SVG
 * per block of rows, joined for the download as the component does.
 */
function renderDiagram(
	doc: Document,
	trace: readonly TraceEvent[] = events
): { svg: SVGSVGElement; titles: SVGSVGElement } {
	const layout = layoutSequence(trace, 600);
	const el = (tag: string, attrs: Record<string, string | number>, text?: string) => {
		const node = doc.createElementNS(SVG_NS, tag);
		for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
		if (text !== undefined) node.textContent = text;
		return node;
	};
	const titles = el('svg', { class: 'titles', width: layout.width, height: 22 }) as SVGSVGElement;
	titles.setAttribute('aria-hidden', 'true');
	for (const lane of layout.lanes)
		titles.append(el('text', { x: lane.x, y: 16, 'text-anchor': 'middle' }, lane.title));
	const rows = doc.createElement('div');
	rows.setAttribute('role', 'group');
	rows.setAttribute('aria-label', 'Handshake events, one row each');
	let n = 0;
	for (const block of layout.blocks) {
		const svg = el('svg', {
			role: 'none',
			width: layout.width,
			height: block.height,
			viewBox: `0 ${block.top} ${layout.width} ${block.height}`
		});
		for (const lane of layout.lanes)
			svg.append(
				el('line', {
					class: 'lane',
					x1: lane.x,
					x2: lane.x,
					y1: block.top,
					y2: block.top + block.height
				})
			);
		for (const item of block.items) {
			const g = el('g', {
				class: `item ${item.kind} ${item.tone}${n === 1 ? ' selected' : ''}`,
				role: 'button',
				tabindex: 0,
				'aria-label': item.description,
				'aria-pressed': n === 1 ? 'true' : 'false',
				// What d3-transition leaves behind mid-animation.
				style: 'opacity: 0.4'
			});
			n++;
			g.append(doc.createComment(''));
			g.append(
				el('rect', { class: 'hit', x: item.x1 - 90, y: item.y - 11, width: 180, height: 22 })
			);
			if (item.kind === 'arrow') {
				// Half-grown, as d3-transition leaves it while the arrow animates in.
				g.append(
					el('line', {
						x1: item.x1,
						x2: item.x2,
						y1: item.y,
						y2: item.y,
						style: 'transform-box: fill-box; transform-origin: left; transform: scaleX(0.5)'
					})
				);
				g.append(el('path', { class: 'head', d: `M${item.x2},${item.y} l-8,-4 l0,8 Z` }));
				g.append(
					el('text', { class: 'label', x: (item.x1 + item.x2) / 2, y: item.y - 4 }, item.label)
				);
			} else {
				g.append(el('circle', { cx: item.x1, cy: item.y, r: 4 }));
				g.append(el('text', { class: 'label', x: item.x1 + 9, y: item.y + 4 }, item.label));
			}
			svg.append(g);
		}
		rows.append(svg);
	}
	doc.body.append(titles, rows);
	const blocks = Array.from(rows.querySelectorAll<SVGSVGElement>(':scope > svg'));
	return { svg: joinBlocks(blocks, layout.width, layout.height, doc), titles };
}

const parse = (text: string) =>
	new DOMParser().parseFromString(text, 'image/svg+xml')
		.documentElement as unknown as SVGSVGElement;

describe('standaloneSvg', () => {
	let svg: SVGSVGElement;
	let titles: SVGSVGElement;
	beforeEach(() => {
		document.body.replaceChildren();
		({ svg, titles } = renderDiagram(document));
	});

	it('is a well-formed SVG document with a size, a viewBox and a title', () => {
		const text = standaloneSvg(svg, titles, document, { theme: 'light' });
		expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
		const root = parse(text);
		expect(root.querySelector('parsererror')).toBeNull();
		expect(root.namespaceURI).toBe(SVG_NS);
		const { width, height } = standaloneSize(svg, titles);
		expect(width).toBe(600 + 24);
		expect(height).toBe(Number(svg.getAttribute('height')) + 22 + 24);
		expect(root.getAttribute('width')).toBe(String(width));
		expect(root.getAttribute('height')).toBe(String(height));
		expect(root.getAttribute('viewBox')).toBe(`0 0 ${width} ${height}`);
		expect(root.firstElementChild?.localName).toBe('title');
		expect(root.firstElementChild?.textContent).toBe('WebRTC handshake: sequence diagram');
	});

	it('stacks the lane titles above the diagram, and keeps every label as text', () => {
		const root = parse(standaloneSvg(svg, titles, document, { theme: 'light' }));
		const [head, body] = Array.from(root.querySelectorAll(':scope > g'));
		expect(head?.getAttribute('transform')).toBe('translate(12,12)');
		expect(body?.getAttribute('transform')).toBe('translate(12,34)');
		expect(Array.from(head!.querySelectorAll('text'), (t) => t.textContent)).toEqual([
			'Alice',
			'Signaling bus',
			'Bob'
		]);
		const labels = Array.from(body!.querySelectorAll('g > text'), (t) => t.textContent);
		expect(labels).toEqual(layoutSequence(events, 600).items.map((item) => item.label));
		expect(labels).toContain('offer #1');
		// Each item's sentence is its tooltip.
		expect(body!.querySelector('g > title')?.textContent).toBe("Alice's createOffer resolved");
	});

	it('drops everything interactive: roles, focus, pressed state, hit areas, inline styles', () => {
		const text = standaloneSvg(svg, titles, document, { theme: 'light' });
		for (const gone of ['role=', 'tabindex', 'aria-pressed', 'aria-hidden', 'style=', 'class='])
			expect(text).not.toContain(gone);
		const root = parse(text);
		expect(root.querySelectorAll('g rect')).toHaveLength(0);
		expect(root.querySelectorAll('rect')).toHaveLength(1); // the background
	});

	it('draws every arrow whole, even while it is still animating in', () => {
		const root = parse(standaloneSvg(svg, titles, document, { theme: 'light' }));
		const arrows = layoutSequence(events, 600).items.filter((item) => item.kind === 'arrow');
		const lines = Array.from(root.querySelectorAll('g > g > line'));
		expect(lines.map((l) => [l.getAttribute('x1'), l.getAttribute('x2')])).toEqual(
			arrows.map((a) => [String(a.x1), String(a.x2)])
		);
	});

	it('escapes markup in labels: a message is text, never a script', () => {
		const text = standaloneSvg(svg, titles, document, { theme: 'light' });
		expect(text).not.toMatch(/<script/i);
		expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; "hi"');
		const root = parse(text);
		expect(root.querySelectorAll('script')).toHaveLength(0);
		expect(Array.from(root.querySelectorAll('text'), (t) => t.textContent)).toContain(
			'"<script>alert(1)</script> & "hi""'
		);
	});

	it('writes the colours of the theme on the elements', () => {
		for (const theme of ['light', 'dark'] as const) {
			const palette = PALETTES[theme];
			const root = parse(standaloneSvg(svg, titles, document, { theme }));
			expect(root.querySelector(':scope > rect')?.getAttribute('fill')).toBe(palette.background);
			const [head, body] = Array.from(root.querySelectorAll(':scope > g'));
			expect(head!.querySelector('text')?.getAttribute('fill')).toBe(palette.fg);
			expect(body!.querySelector(':scope > line')?.getAttribute('stroke')).toBe(palette.border);
			const items = Array.from(body!.querySelectorAll(':scope > g'));
			// createOffer() ✓ is a call; offer #1 a message; Bob's signaling state a state; data dashed.
			expect(items[0]!.querySelector('circle')?.getAttribute('fill')).toBe(palette.fg);
			expect(items[1]!.querySelector('line')?.getAttribute('stroke')).toBe(palette.accent);
			expect(items[1]!.querySelector('path')?.getAttribute('fill')).toBe(palette.accent);
			expect(items[3]!.querySelector('circle')?.getAttribute('fill')).toBe(palette.muted);
			expect(items[4]!.querySelector('line')?.getAttribute('stroke')).toBe(palette.ok);
			expect(items[4]!.querySelector('line')?.getAttribute('stroke-dasharray')).toBe('6 3');
			expect(body!.querySelector('text')?.getAttribute('fill')).toBe(palette.fg);
		}
		expect(PALETTES.light.background).toBe('#ffffff');
	});

	it('works without lane titles', () => {
		const root = parse(standaloneSvg(svg, null, document, { theme: 'dark', title: 'Slide 3' }));
		expect(root.querySelector('title')?.textContent).toBe('Slide 3');
		expect(root.querySelectorAll(':scope > g')).toHaveLength(1);
		expect(root.getAttribute('height')).toBe(String(Number(svg.getAttribute('height')) + 24));
	});

	it('joins a long diagram drawn in several blocks into one, every row in order', () => {
		const long: TraceEvent[] = Array.from({ length: 70 }, (_, i) => ({
			t: i,
			type: 'state-change',
			peer: i % 2 ? 'bob' : 'alice',
			machine: 'iceConnection',
			value: `checking ${i}`
		}));
		const layout = layoutSequence(long, 600);
		expect(layout.blocks.length).toBeGreaterThan(2);
		document.body.replaceChildren();
		const drawn = renderDiagram(document, long);
		expect(standaloneSize(drawn.svg, null).height).toBe(layout.height + 24);
		const root = parse(standaloneSvg(drawn.svg, null, document, { theme: 'light' }));
		const labels = Array.from(root.querySelectorAll('g > g > text'), (t) => t.textContent);
		expect(labels).toEqual(layout.items.map((item) => item.label));
	});
});
