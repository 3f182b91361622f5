export { entries, load } from '../../learn/[slug]/+page.server';
