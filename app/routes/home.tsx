import { useRouteLoaderData } from 'react-router'
import type { Route } from './+types/home'
import { pageTitle } from '~/components/page-title'
import { ButtonLink } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import type { loader as rootLoader } from '~/root'

export const meta: Route.MetaFunction = () => [
	...pageTitle(),
	{
		name: 'description',
		content: 'Learn data and AI skills at work and prove them with credentials anyone can verify.',
	},
]

const TOPICS = [
	{
		title: 'Data literacy',
		body: 'Read tables and charts critically, reason about averages, uncertainty and causation, and handle personal data safely.',
	},
	{
		title: 'AI proficiency',
		body: 'Understand how generative AI produces text, prompt it well, check what it says, and build it into real work.',
	},
	{
		title: 'AI ethics and responsible use',
		body: 'Fairness, transparency, privacy and accountability, the EU AI Act and how to decide on a new AI use at work.',
	},
]

export default function Home() {
	const root = useRouteLoaderData<typeof rootLoader>('root')
	return (
		<div className="flex flex-col gap-12">
			<section aria-labelledby="hero-title" className="flex flex-col gap-5 pt-6">
				<h1 id="hero-title" className="max-w-3xl text-4xl font-bold tracking-tight sm:text-5xl">
					Learn the data and AI skills your work needs. Prove them anywhere.
				</h1>
				<p className="max-w-2xl text-lg text-ink-muted">
					Short learning paths, assessments graded on the server, and micro-credentials that employers verify from a
					link, cryptographically, with no account.
				</p>
				<div className="flex flex-wrap gap-3">
					{root?.user ? (
						<ButtonLink to="/dashboard">Go to your dashboard</ButtonLink>
					) : (
						<>
							{root?.signUpOpen ? <ButtonLink to="/sign-up">Create an account</ButtonLink> : null}
							<ButtonLink to="/sign-in" variant={root?.signUpOpen ? 'secondary' : 'primary'}>
								Sign in
							</ButtonLink>
						</>
					)}
				</div>
			</section>
			<section aria-labelledby="topics-title">
				<h2 id="topics-title" className="text-2xl font-semibold">
					Three areas of skill
				</h2>
				<ul className="mt-4 grid gap-4 sm:grid-cols-3">
					{TOPICS.map((topic) => (
						<li key={topic.title}>
							<Card className="h-full">
								<h3 className="text-lg font-semibold">{topic.title}</h3>
								<p className="mt-2 text-ink-muted">{topic.body}</p>
							</Card>
						</li>
					))}
				</ul>
			</section>
		</div>
	)
}
