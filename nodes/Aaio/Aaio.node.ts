import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { balanceDescription } from './descriptions/BalanceDescription';

export class Aaio implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aaio',
		name: 'aaio',
		icon: { light: 'file:aaio.svg', dark: 'file:aaio.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Check the balance of an aaio merchant account',
		defaults: { name: 'Aaio' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'aaioApi', required: true }],
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
