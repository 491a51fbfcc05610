import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	customApiCallFields,
	customApiCallOption,
	customApiCallResource,
	withCustomApiCall,
} from '../shared/customApiCall';
import { simplifyProperty } from '../shared/operation';
import { aaio } from './provider';
import { balanceDescription } from './resources/balance';
import { notificationDescription } from './resources/notification';
import { notificationIpDescription } from './resources/notificationIp';
import { paymentDescription } from './resources/payment';
import { paymentMethodDescription } from './resources/paymentMethod';
import { payoutDescription } from './resources/payout';
import { sbpBankDescription } from './resources/sbpBank';

/** The Custom API Call of this node (nodes/shared/customApiCall.ts); only Payout → Create sends payouts. */
const customApiCall = customApiCallOption(aaio, ['create-payoff']);

export class Aaio implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aaio',
		name: 'aaio',
		icon: { light: 'file:aaio.svg', dark: 'file:aaio.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Use the aaio merchant API: balance, payments (orders and payment URLs), payment methods, payouts, SBP banks, notification IPs and signature checks',
		defaults: { name: 'Aaio' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'aaioApi', required: true }],
		// Every request goes through the one transport (nodes/shared/transport.ts), which sends it
		// to the Base URL of the credential. The literal here is only what n8n's RoutingNode needs to
		// know the node's own endpoint; an expression would cost an evaluation per item.
		requestDefaults: { baseURL: aaio.defaultBaseUrl },
		properties: withCustomApiCall(customApiCall, [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Balance', value: 'balance' },
					{ name: 'Notification', value: 'notification' },
					{ name: 'Notification IP', value: 'notificationIp' },
					{ name: 'Payment', value: 'payment' },
					{ name: 'Payment Method', value: 'paymentMethod' },
					{ name: 'Payout', value: 'payout' },
					{ name: 'SBP Bank', value: 'sbpBank' },
				],
				default: 'balance',
			},
			...balanceDescription,
			...notificationDescription,
			...notificationIpDescription,
			...paymentDescription,
			...paymentMethodDescription,
			...payoutDescription,
			...sbpBankDescription,
			simplifyProperty(
				['notificationIp', 'payment', 'paymentMethod', 'payout', 'sbpBank'],
				'Whether to return clean items of the shared schemas (the same keys as the Morune node; amounts as numbers, dates in ISO-8601, one item per list entry) instead of the answer as aaio sent it',
			),
			customApiCallResource(customApiCall),
			...customApiCallFields(aaio),
		]),
	};
}
