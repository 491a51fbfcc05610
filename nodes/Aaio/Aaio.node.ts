import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { balanceDescription } from './descriptions/BalanceDescription';
import { notificationDescription } from './descriptions/NotificationDescription';
import { notificationIpDescription } from './descriptions/NotificationIpDescription';
import { orderDescription } from './descriptions/OrderDescription';
import { paymentMethodDescription } from './descriptions/PaymentMethodDescription';
import { payoutDescription } from './descriptions/PayoutDescription';
import { simplifyProperty } from '../shared/routing';

export class Aaio implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aaio',
		name: 'aaio',
		icon: { light: 'file:aaio.svg', dark: 'file:aaio.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Use the aaio merchant API: balance, payment URLs, orders, payment methods, payouts, notification IPs and signature checks',
		defaults: { name: 'Aaio' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'aaioApi', required: true }],
		// Every request goes through the one transport (nodes/shared/transport.ts), which sends it
		// to the Base URL of the credential. The literal here is only what n8n's RoutingNode needs to
		// know the node's own endpoint; an expression would cost an evaluation per item.
		requestDefaults: { baseURL: 'https://aaio.so' },
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Balance', value: 'balance' },
					{ name: 'Notification', value: 'notification' },
					{ name: 'Notification IP', value: 'notificationIp' },
					{ name: 'Order', value: 'order' },
					{ name: 'Payment Method', value: 'paymentMethod' },
					{ name: 'Payout', value: 'payout' },
				],
				default: 'balance',
			},
			...balanceDescription,
			...notificationDescription,
			...notificationIpDescription,
			...orderDescription,
			...paymentMethodDescription,
			...payoutDescription,
			simplifyProperty(
				['notificationIp', 'order', 'paymentMethod', 'payout'],
				'Whether to return clean fields, with amounts as numbers and one item per list entry, instead of the answer as aaio sent it',
			),
		],
	};
}
