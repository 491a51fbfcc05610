'use strict';
/** The sandbox outbox (sandbox/mail.js): an SMTP conversation as nodemailer has it, and the message read back. */
const net = require('node:net');
const { startMailbox } = require('../../sandbox/mail');

function talk(port, lines) {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		let received = '';
		let step = 0;
		socket.setEncoding('utf8');
		socket.on('data', (chunk) => {
			received += chunk;
			// One command per answer line that ends a reply (a line without "-" after its code).
			const replies = received.split('\r\n').filter((line) => /^\d{3} /.test(line)).length;
			while (step < lines.length && replies > step) socket.write(`${lines[step++]}\r\n`);
			if (/^221 /m.test(received)) socket.end();
		});
		socket.on('end', () => resolve(received));
		socket.on('error', reject);
	});
}

test('accepts a message without TLS or login and keeps its subject, recipients, text and links', async () => {
	const mailbox = await startMailbox();
	try {
		const html = '<p>Approve 2 payouts: 1200 RUB =E2=80=94 ok?</p><a href=3D"http://127.0.0.1:5678/webhook-waiting/7/n?approved=3Dtrue&amp;signature=3Dab=\r\nc">Approve</a> <a href=3D"http://127.0.0.1:5678/webhook-waiting/7/n?approved=3Dfalse">Disapprove</a>';
		const answer = await talk(mailbox.port, [
			'EHLO n8n',
			'MAIL FROM:<n8n@shop.example>',
			'RCPT TO:<owner@shop.example>',
			'DATA',
			['From: n8n@shop.example', 'To: owner@shop.example', 'Subject: =?UTF-8?Q?Approve_payouts_=E2=80=94_2_rows?=', 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', html, '.'].join('\r\n'),
			'QUIT',
		]);
		expect(answer).not.toMatch(/STARTTLS|AUTH/);
		expect(answer).toMatch(/250 OK: kept in the sandbox outbox/);
		expect(mailbox.messages).toHaveLength(1);
		expect(mailbox.messages[0]).toMatchObject({
			to: 'owner@shop.example',
			subject: 'Approve payouts — 2 rows',
			links: [
				{ url: 'http://127.0.0.1:5678/webhook-waiting/7/n?approved=true&signature=abc', label: 'Approve' },
				{ url: 'http://127.0.0.1:5678/webhook-waiting/7/n?approved=false', label: 'Disapprove' },
			],
		});
		expect(mailbox.messages[0].text).toContain('Approve 2 payouts: 1200 RUB — ok?');
	} finally {
		await mailbox.close();
	}
});
