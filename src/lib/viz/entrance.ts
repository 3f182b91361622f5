// How a new item of the sequence diagram enters: an arrow grows from its sender, a mark fades in.
// d3-selection and d3-transition are most of the diagram's code, and only this needs them, so the
// diagram loads this module with its first event rather than with the page.
import { select } from 'd3-selection';
// Imported for its side effect, .transition(): with sideEffects: false a build drops it otherwise.
import 'd3-transition';
import type { Item } from './sequence';

/**
 * Transitions only write styles and never read layout, so they force none; and they leave the
 * geometry alone: the line grows by a scale, not by its x2, which Svelte owns and moves when the
 * width changes (the scrollbar appearing while an arrow grows would otherwise leave it ending at
 * the old x).
 *
 * Returns what stops the entrance: an item removed while it still enters (Reset soon after a run)
 * must not keep d3's timer asking for every animation frame, nor hold its removed nodes.
 */
export function enter(node: SVGGElement, item: Item): () => void {
	const g = select(node);
	const stop = () => {
		g.interrupt();
		g.selectAll('line, .label, .head').interrupt();
	};
	if (item.kind === 'arrow') {
		g.select<SVGLineElement>('line')
			.style('transform-box', 'fill-box')
			.style('transform-origin', item.x2 >= item.x1 ? 'left' : 'right')
			.style('transform', 'scaleX(0)')
			.transition()
			.duration(450)
			.styleTween('transform', () => (t) => `scaleX(${t})`)
			.on('end interrupt', function () {
				for (const name of ['transform', 'transform-origin', 'transform-box'])
					this.style.removeProperty(name);
			});
		g.selectAll('.label, .head').style('opacity', 0).transition().delay(350).style('opacity', 1);
	} else {
		g.style('opacity', 0).transition().duration(300).style('opacity', 1);
	}
	return stop;
}
