import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { balanceDescription } from './descriptions/BalanceDescription';

export class Morune implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Morune',
		name: 'morune',
		icon: { light: 'file:morune.svg', dark: 'file:morune.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Check the balance of a morune account',
		defaults: { name: 'Morune' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'moruneApi', required: true }],
		requestDefaults: {
			baseURL: '={{ $credentials.baseUrl.trim().replace(new RegExp("/+$"), "") }}',
			headers: { Accept: 'application/json' },
			// Error answers reach checkResponse, which reads the provider's own message.
			ignoreHttpStatusErrors: true,
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Balance', value: 'balance' }],
				default: 'balance',
			},
			...balanceDescription,
		],
	};
}
