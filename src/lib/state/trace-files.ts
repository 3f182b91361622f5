// What reading, writing and replaying trace files takes, in one module that the lab loads when a
// file is first imported or exported (or a recording replayed): the first view needs none of it.
export { ReplayPlayer } from '$lib/core/replay/player';
export { exportTrace, parseTrace, serializeTrace, traceFileName } from '$lib/core/trace/format';
export { redactTrace } from '$lib/core/trace/redact';
