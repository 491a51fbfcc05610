import type {
	IAuthenticateGeneric,
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class MoruneApi implements ICredentialType {
	name = 'moruneApi';

	displayName = 'Morune API';

	icon: Icon = {
		light: 'file:../nodes/Morune/morune.svg',
		dark: 'file:../nodes/Morune/morune.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-aaio-morune/n8n-nodes-aaio-morune#morune-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			required: true,
			default: '',
			placeholder: '0a371bbe-56f3-11ee-8c99-0242ac120002',
			description:
				'Your account UUID, from Profile settings → Integration in the morune cabinet. It goes into the request URL.',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The secret key from Profile settings → Integration, sent as the x-api-signature-sha256 header',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.morune.com',
			description: 'Change it only for a test server, or https://api.enot.io for an enot.io account',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'x-api-signature-sha256': '={{$credentials.secretKey}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.trim().replace(new RegExp("/+$"), "") }}',
			url: '=/account/users/{{ encodeURIComponent($credentials.userId) }}/balance',
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
		// n8n's credential tester checks status-code and body rules alike, in order; its type
		// only wants one kind per list.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'morune rejected the user ID or the secret key (HTTP 401). Copy both again from Profile settings → Integration.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 422,
					message:
						'morune rejected the user ID (HTTP 422): it must be the account UUID from Profile settings → Integration.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'morune does not know this address (HTTP 404). Check the user ID and the Base URL.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status_check',
					value: false,
					message: 'morune answered with an error. Check the user ID and the secret key.',
				},
			},
		] as Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> as IAuthenticateRuleResponseCode[],
	};
}
