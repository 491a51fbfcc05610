import type { INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../shared/output';
import { checkResponse } from '../../shared/request';
import { listEntries, readFields } from '../fields';
import { aaio, aaioPublicList } from '../provider';
import { aaioRouting } from '../routing';

export const notificationIpDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['notificationIp'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get notification IP addresses',
				description:
					'Get the IP addresses aaio sends payment notifications from, one item per address',
				routing: aaioRouting({
					method: 'GET',
					url: '/api/public/ips',
					check: checkResponse(aaioPublicList),
					output: outputItems(aaio, {
						entries: listEntries,
						simplify: (entry) => readFields(entry, { ip: ['value', 'text'] }),
					}),
				}),
			},
		],
		default: 'get',
	},
];
