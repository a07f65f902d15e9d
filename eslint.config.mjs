// Flat ESLint config: typescript-eslint's type-checked rules plus a few that shape the style
// (curly, eqeqeq, no floating promises, type-only imports) and the architecture boundary:
// models, parsers, the shared protocol and the webviews never import `vscode`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
	'no-restricted-imports': [
		'error',
		{ paths: [{ name: 'vscode', message: 'Keep this layer vscode-free (unit-testable in Node).' }] },
	],
};

export default tseslint.config(
	{
		ignores: [
			'dist/**',
			'out/**',
			'node_modules/**',
			'.vscode-test/**',
			'.venv/**',
			'.cache/**',
			'test-results/**',
			'bench/**',
			'**/*.cjs',
			'**/*.mjs',
			'**/*.d.mts',
		],
	},
	js.configs.recommended,
	...tseslint.configs.recommendedTypeChecked,
	{
		languageOptions: {
			parserOptions: {
				project: ['./tsconfig.json', './webview/tsconfig.json', './test/tsconfig.json'],
				tsconfigRootDir: import.meta.dirname,
			},
		},
		rules: {
			curly: 'error',
			eqeqeq: ['error', 'always', { null: 'ignore' }],
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/consistent-type-imports': [
				'error',
				{ prefer: 'type-imports', fixStyle: 'inline-type-imports' },
			],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'@typescript-eslint/no-require-imports': 'off',
			'@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
			'no-console': 'off',
		},
	},
	{ files: ['src/model/**', 'src/shared/**', 'src/util/**', 'src/git/**', 'webview/**'], rules: noVscode },
	{
		files: ['test/**'],
		rules: {
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-call': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-return': 'off',
			'@typescript-eslint/no-non-null-assertion': 'off',
		},
	},
);
