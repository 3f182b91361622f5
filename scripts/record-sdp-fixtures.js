// Records real SDPs from the system Chromium into tests/fixtures/sdp/, exactly as the browser
// wrote them (CRLF line endings), so that the annotator is tested against what a real stack sends
// and not against what we remember of it. Two RTCPeerConnections meet in one blank page; no
// camera or microphone is needed (transceivers without tracks still offer every codec).
//
// Usage: node scripts/record-sdp-fixtures.js
// Writes chromium-<major version>-<what>-offer.sdp and -answer.sdp for each scenario below.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/e2e/chromium.js';

const OUT = fileURLToPath(new URL('../tests/fixtures/sdp/', import.meta.url));

/**
 * Scenarios run inside the page. `media`: transceivers to add to the offerer; `data`: open a data
 * channel; `config`: RTCConfiguration; `vanilla`: take the descriptions after ICE gathering has
 * completed (candidates in the SDP) instead of the createOffer/createAnswer results.
 * @type {{ what: string, media: (string | { kind: string, init: RTCRtpTransceiverInit })[], data: boolean, config?: RTCConfiguration, vanilla?: boolean }[]}
 */
const SCENARIOS = [
	{ what: 'datachannel', media: [], data: true },
	{ what: 'audio-video-datachannel', media: ['audio', 'video'], data: true },
	{ what: 'audio', media: ['audio'], data: false },
	{
		what: 'max-compat',
		media: ['audio', 'video'],
		data: true,
		config: { bundlePolicy: 'max-compat' }
	},
	{ what: 'vanilla', media: ['audio', 'video'], data: true, vanilla: true },
	{
		what: 'simulcast',
		media: [
			{
				kind: 'video',
				init: {
					direction: 'sendonly',
					sendEncodings: [
						{ rid: 'q', scaleResolutionDownBy: 4 },
						{ rid: 'h', scaleResolutionDownBy: 2 },
						{ rid: 'f' }
					]
				}
			}
		],
		data: false
	}
];

const browser = await chromium.launch(chromiumLaunchOptions());
try {
	const version = browser.version().split('.')[0];
	const page = await browser.newPage();
	await page.goto('about:blank');
	await mkdir(OUT, { recursive: true });
	for (const scenario of SCENARIOS) {
		const { offer, answer } = await page.evaluate(async (s) => {
			/** @param {RTCPeerConnection} pc */
			const gathered = (pc) =>
				pc.iceGatheringState === 'complete'
					? Promise.resolve()
					: new Promise((resolve) =>
							pc.addEventListener('icegatheringstatechange', () => {
								if (pc.iceGatheringState === 'complete') resolve(undefined);
							})
						);
			const offerer = new RTCPeerConnection(s.config);
			const answerer = new RTCPeerConnection(s.config);
			try {
				for (const m of s.media)
					if (typeof m === 'string') offerer.addTransceiver(m);
					else offerer.addTransceiver(m.kind, m.init);
				if (s.data) offerer.createDataChannel('chat');
				const offer = await offerer.createOffer();
				await offerer.setLocalDescription(offer);
				if (s.vanilla) await gathered(offerer);
				const sentOffer = s.vanilla ? offerer.localDescription : offer;
				await answerer.setRemoteDescription(sentOffer);
				const answer = await answerer.createAnswer();
				await answerer.setLocalDescription(answer);
				if (s.vanilla) await gathered(answerer);
				const sentAnswer = s.vanilla ? answerer.localDescription : answer;
				return { offer: sentOffer?.sdp ?? '', answer: sentAnswer?.sdp ?? '' };
			} finally {
				offerer.close();
				answerer.close();
			}
		}, scenario);
		for (const [role, sdp] of [
			['offer', offer],
			['answer', answer]
		]) {
			const file = `chromium-${version}-${scenario.what}-${role}.sdp`;
			await writeFile(OUT + file, sdp);
			console.log(`${file}: ${sdp.split('\r\n').length - 1} lines`);
		}
	}
} finally {
	await browser.close();
}
