/**
 * nginx in front of the test's own servers, running docs/deploy/nginx.conf itself: only its ports,
 * paths and host name are substituted (each substitution must match, so the example cannot drift
 * from what is tested), with a self-signed certificate so that the TLS server block, the redirect
 * to HTTPS and X-Forwarded-Proto are the ones a deployment runs. Also a small HTTP(S) client that
 * trusts that certificate and sends exactly the headers it is given.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import path from 'node:path'
import { expect } from '@playwright/test'
import { nginxPath } from '../setup/tools'

const root = path.resolve(import.meta.dirname, '../..')
export const NGINX_EXAMPLE = path.join(root, 'docs/deploy/nginx.conf')

const running = new Set<ChildProcess>()
process.once('exit', () => {
	for (const child of running) child.kill('SIGKILL')
})

/** The nginx binary (tests/setup/tools.ts finds it); a clear failure when it is missing. */
export function requireNginx(): string {
	const binary = nginxPath()
	if (binary) return binary
	throw new Error(
		'nginx is not installed: this test runs docs/deploy/nginx.conf in front of two instances. ' +
			'Install it with `apt-get install -y nginx` (bash .ci/run does), or set NGINX_PATH.',
	)
}

/** A certificate for localhost and 127.0.0.1, valid for a day; the PEM text of the certificate. */
export function createSelfSignedCertificate(dir: string) {
	const cert = path.join(dir, 'cert.pem')
	const key = path.join(dir, 'key.pem')
	const result = spawnSync(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-days',
			'1',
			'-subj',
			'/CN=localhost',
			'-addext',
			'subjectAltName=DNS:localhost,IP:127.0.0.1',
			'-keyout',
			key,
			'-out',
			cert,
		],
		{ encoding: 'utf8' },
	)
	if (result.status !== 0) throw new Error(`openssl could not make a test certificate:\n${result.stderr}`)
	return { cert, key, pem: fs.readFileSync(cert, 'utf8') }
}

function replaceOnce(text: string, from: string, to: string) {
	const count = text.split(from).length - 1
	if (count !== 1) throw new Error(`docs/deploy/nginx.conf: expected "${from}" once, found it ${count} times`)
	return text.replace(from, () => to)
}

/** The example configuration with the test's ports and paths. */
export function testVariantOfExample(options: {
	dir: string
	upstreams: [number, number]
	httpPort: number
	httpsPort: number
	certificate: { cert: string; key: string }
}) {
	const { dir } = options
	let conf = fs.readFileSync(NGINX_EXAMPLE, 'utf8')
	const substitutions: Array<[string, string]> = [
		// Workers run as the test's user, which owns the files below.
		['user www-data;\n', ''],
		['pid /run/nginx.pid;', `pid ${dir}/nginx.pid;`],
		['error_log /var/log/nginx/error.log warn;', `error_log ${dir}/error.log warn;`],
		['access_log /var/log/nginx/access.log skillproof;', `access_log ${dir}/access.log skillproof;`],
		['/var/cache/nginx/skillproof', `${dir}/cache`],
		['server 127.0.0.1:3001 ', `server 127.0.0.1:${options.upstreams[0]} `],
		['server 127.0.0.1:3002 ', `server 127.0.0.1:${options.upstreams[1]} `],
		['\t\tlisten 80;\n', `\t\tlisten 127.0.0.1:${options.httpPort};\n`],
		['\t\tlisten [::]:80;\n', ''],
		['\t\tlisten 443 ssl http2;\n', `\t\tlisten 127.0.0.1:${options.httpsPort} ssl http2;\n`],
		['\t\tlisten [::]:443 ssl http2;\n', ''],
		['return 301 https://$host$request_uri;', `return 301 https://$host:${options.httpsPort}$request_uri;`],
		['ssl_certificate /etc/ssl/skillproof/fullchain.pem;', `ssl_certificate ${options.certificate.cert};`],
		['ssl_certificate_key /etc/ssl/skillproof/privkey.pem;', `ssl_certificate_key ${options.certificate.key};`],
		['root /var/www/letsencrypt;', `root ${dir}/acme;`],
		// Temporary files of a test's nginx stay in its folder, not in /var/lib/nginx.
		[
			'http {\n',
			`http {\n${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `\t${t}_temp_path ${dir}/${t};\n`).join('')}`,
		],
	]
	for (const [from, to] of substitutions) conf = replaceOnce(conf, from, to)
	conf = conf.replaceAll('server_name skillproof.example.com;', 'server_name localhost;')
	return conf
}

export type Nginx = { accessLog: () => string; stop: () => Promise<void>; output: () => string }

export async function startNginx(options: Parameters<typeof testVariantOfExample>[0]): Promise<Nginx> {
	const binary = requireNginx()
	const { dir } = options
	fs.mkdirSync(path.join(dir, 'acme'), { recursive: true })
	const confFile = path.join(dir, 'nginx.conf')
	fs.writeFileSync(confFile, testVariantOfExample(options))
	const args = ['-p', dir, '-c', confFile, '-e', path.join(dir, 'error.log')]
	const checked = spawnSync(binary, [...args, '-t'], { encoding: 'utf8' })
	if (checked.status !== 0) throw new Error(`nginx -t refused the configuration:\n${checked.stderr}`)
	const child = spawn(binary, [...args, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] })
	running.add(child)
	let output = ''
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
	const exited = new Promise<void>((resolve) =>
		child.once('exit', () => {
			running.delete(child)
			resolve()
		}),
	)
	await expect
		.poll(
			async () => {
				if (child.exitCode !== null) throw new Error(`nginx exited while starting:\n${output}`)
				return send(`http://127.0.0.1:${options.httpPort}/`).then(
					(r) => r.status,
					() => 0,
				)
			},
			{ timeout: 20_000, intervals: [100] },
		)
		.toBe(301)
	const accessLog = () => {
		const file = path.join(dir, 'access.log')
		return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
	}
	return {
		accessLog,
		output: () => output,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return
			child.kill('SIGTERM')
			await exited
		},
	}
}

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string; raw: Buffer }

/** One request, no redirect followed, no header added; `ca` to trust the test certificate. */
export function send(
	url: string,
	init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; ca?: string } = {},
): Promise<Reply> {
	const target = new URL(url)
	const client = target.protocol === 'https:' ? https : http
	return new Promise((resolve, reject) => {
		const request = client.request(
			target,
			{ method: init.method ?? 'GET', headers: init.headers, ca: init.ca, agent: false },
			(response) => {
				const chunks: Buffer[] = []
				response.on('data', (chunk: Buffer) => chunks.push(chunk))
				response.on('end', () => {
					const raw = Buffer.concat(chunks)
					resolve({ status: response.statusCode ?? 0, headers: response.headers, body: raw.toString('utf8'), raw })
				})
				response.on('error', reject)
			},
		)
		request.on('error', reject)
		request.end(init.body)
	})
}

/** nginx's access log line of the request whose URL held `probe`. */
export async function logLineOf(nginx: Nginx, probe: string): Promise<string> {
	let found: string | undefined
	await expect
		.poll(
			() =>
				(found = nginx
					.accessLog()
					.split('\n')
					.find((l) => l.includes(`probe=${probe} `) || l.includes(`probe=${probe}&`))),
			{ timeout: 5000, intervals: [50] },
		)
		.toBeTruthy()
	return found!
}

/** Which upstream (host:port, or several when nginx tried the next) answered, from a log line. */
export function upstreamIn(line: string): string {
	const upstream = line.match(/ upstream=(.*?) upstream_status=/)?.[1]
	if (!upstream) throw new Error(`No upstream in nginx's log line: ${line}`)
	return upstream
}
