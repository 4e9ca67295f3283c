/**
 * A path's cover: a small drawing in its topic's colours (bars and a trend for data literacy, a
 * network for AI proficiency, a balance for AI ethics). Decorative: the title beside it names the path.
 */
import { cx } from './ui/cx'

const TOPIC_STYLE: Record<string, { ink: string; fill: string; soft: string }> = {
	'data-literacy': { ink: '#1d4ed8', fill: '#dbeafe', soft: '#93c5fd' },
	'ai-proficiency': { ink: '#047857', fill: '#d1fae5', soft: '#6ee7b7' },
	'ai-ethics': { ink: '#9a3412', fill: '#ffedd5', soft: '#fdba74' },
}
const FALLBACK = { ink: '#334155', fill: '#f1f5f9', soft: '#cbd5e1' }

function Motif({ topic, ink, soft }: { topic: string; ink: string; soft: string }) {
	if (topic === 'data-literacy')
		return (
			<g>
				{[38, 62, 50, 84, 70, 100].map((h, i) => (
					<rect key={i} x={64 + i * 34} y={122 - h} width="22" height={h} rx="3" fill={i % 2 ? ink : soft} />
				))}
				<polyline
					points="75,70 109,52 143,62 177,34 211,44 245,18"
					fill="none"
					stroke={ink}
					strokeWidth="4"
					strokeLinecap="round"
					strokeLinejoin="round"
				/>
			</g>
		)
	if (topic === 'ai-proficiency') {
		const nodes = [
			[70, 40],
			[70, 100],
			[160, 26],
			[160, 70],
			[160, 114],
			[250, 48],
			[250, 92],
		] as const
		const edges = [
			[0, 2],
			[0, 3],
			[0, 4],
			[1, 2],
			[1, 3],
			[1, 4],
			[2, 5],
			[3, 5],
			[3, 6],
			[4, 6],
			[2, 6],
			[4, 5],
		] as const
		return (
			<g>
				{edges.map(([a, b]) => (
					<line
						key={`${a}-${b}`}
						x1={nodes[a][0]}
						y1={nodes[a][1]}
						x2={nodes[b][0]}
						y2={nodes[b][1]}
						stroke={soft}
						strokeWidth="3"
					/>
				))}
				{nodes.map(([x, y], i) => (
					<circle key={i} cx={x} cy={y} r="11" fill={i === 3 ? ink : '#ffffff'} stroke={ink} strokeWidth="4" />
				))}
			</g>
		)
	}
	if (topic === 'ai-ethics')
		return (
			<g stroke={ink} strokeWidth="4" strokeLinecap="round" fill="none">
				<line x1="160" y1="20" x2="160" y2="118" />
				<line x1="128" y1="120" x2="192" y2="120" />
				<line x1="86" y1="38" x2="234" y2="38" />
				<circle cx="160" cy="22" r="6" fill={ink} />
				<line x1="100" y1="38" x2="80" y2="84" />
				<line x1="100" y1="38" x2="120" y2="84" />
				<path d="M74 84 h52 a26 20 0 0 1 -52 0 z" fill={soft} />
				<line x1="220" y1="38" x2="200" y2="84" />
				<line x1="220" y1="38" x2="240" y2="84" />
				<path d="M194 84 h52 a26 20 0 0 1 -52 0 z" fill={soft} />
			</g>
		)
	return <circle cx="160" cy="70" r="40" fill={soft} stroke={ink} strokeWidth="4" />
}

export function PathCover({ topic, className }: { topic: string; className?: string }) {
	const style = TOPIC_STYLE[topic] ?? FALLBACK
	return (
		<svg
			aria-hidden="true"
			focusable="false"
			viewBox="0 0 320 140"
			preserveAspectRatio="xMidYMid slice"
			className={cx('block w-full rounded-control', className)}
		>
			<rect width="320" height="140" fill={style.fill} />
			<circle cx="292" cy="18" r="46" fill={style.soft} opacity="0.35" />
			<circle cx="20" cy="134" r="38" fill={style.soft} opacity="0.35" />
			<Motif topic={topic} ink={style.ink} soft={style.soft} />
		</svg>
	)
}
