import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const CORE_MESSAGE =
	'src/lib/core stays free of svelte, d3, the DOM and $app (see README design notes)';
const UI_DIRS = '(?:components|state|viz)(?:/|$)';

/**
 * no-restricted-imports for a file `depth` folders below src/lib/core (depth 0 = src/lib/core/x.ts).
 * Relative paths are matched exactly: from depth d, `../` repeated d+1 times reaches src/lib.
 * @param {number} depth
 */
function coreImportRestriction(depth) {
	const up = '\\.\\./'.repeat(depth + 1);
	return [
		'error',
		{
			patterns: [
				{ regex: '^svelte(?:/|$)', message: CORE_MESSAGE },
				{ regex: '^d3(?:-[^/]*)?(?:/|$)', message: CORE_MESSAGE },
				{ regex: '^\\$app(?:/|$)', message: CORE_MESSAGE },
				{ regex: `^\\$lib/${UI_DIRS}`, message: CORE_MESSAGE },
				{ regex: `^${up}${UI_DIRS}`, message: CORE_MESSAGE },
				{ regex: `^${up}\\.\\./lib/${UI_DIRS}`, message: CORE_MESSAGE }
			]
		}
	];
}

const MAX_CORE_DEPTH = 6;

export default defineConfig(
	globalIgnores([
		'build/',
		'build-subpath/',
		'.svelte-kit/',
		'node_modules/',
		'test-results/',
		'playwright-report/',
		'reports/'
	]),
	js.configs.recommended,
	ts.configs.recommended,
	svelte.configs.recommended,
	svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node }
		},
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{
					argsIgnorePattern: '^_',
					varsIgnorePattern: '^_',
					caughtErrorsIgnorePattern: '^_',
					destructuredArrayIgnorePattern: '^_'
				}
			],
			'svelte/no-at-html-tags': 'error'
		}
	},
	{
		// TypeScript checks undefined names itself (typescript-eslint's advice).
		files: ['**/*.ts', '**/*.svelte'],
		rules: { 'no-undef': 'off' }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	// One block per nesting depth so that relative paths into the UI folders are caught exactly.
	Array.from({ length: MAX_CORE_DEPTH + 1 }, (_, depth) => ({
		files: [
			depth === MAX_CORE_DEPTH
				? `src/lib/core/${'*/'.repeat(depth)}**/*`
				: `src/lib/core/${'*/'.repeat(depth)}*`
		],
		rules: { 'no-restricted-imports': coreImportRestriction(depth) }
	}))
);
