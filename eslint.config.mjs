import communityNodes from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

// What n8n's verification scanner runs (@n8n/eslint-plugin-community-nodes, recommended)
// plus eslint-plugin-n8n-nodes-base's community, credentials and nodes rules.
export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**', '.e2e/**'] },
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
		rules: { 'no-console': 'error' },
	},
	{
		files: ['**/*.ts', 'package.json'],
		...communityNodes.configs.recommended,
	},
	{
		files: ['package.json'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Wants a slug; a full URL is what @n8n/community-nodes' credential-documentation-url
			// accepts, and n8n's own node-cli turns this rule off too.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These two predate NodeConnectionTypes and want the string 'main'.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
);
