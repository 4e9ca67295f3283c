import { useLoaderData } from 'react-router'

export function meta() {
	return [{ title: 'A bare page' }]
}

/**
 * Data from a loader, as on any page, but no database, session or middleware. Sized like a lesson
 * page (scripts/bench.ts reports both): about 270 elements and 31 KB of HTML, a few KB of it the
 * loader's data that React Router writes into the page for hydration.
 */
export function loader() {
	return {
		heading: 'A bare React Router page',
		sections: Array.from({ length: 20 }, (_, s) => ({
			title: `Section ${s + 1}`,
			paragraphs: Array.from(
				{ length: 5 },
				(_, p) => `Paragraph ${p + 1} of section ${s + 1}: a sentence or two of text rendered on the server.`,
			),
		})),
	}
}

export default function Page() {
	const { heading, sections } = useLoaderData<typeof loader>()
	return (
		<main className="mx-auto w-full max-w-5xl flex-1 px-4 py-8">
			<h1 className="text-3xl font-semibold tracking-tight">{heading}</h1>
			{sections.map((section) => (
				<section key={section.title} className="mt-8 space-y-4 rounded-lg border border-slate-200 p-4">
					<h2 className="text-xl font-semibold">{section.title}</h2>
					{section.paragraphs.map((text) => (
						<p key={text} className="leading-relaxed text-slate-700">
							<span className="font-medium">{text.slice(0, 11)}</span>
							{text.slice(11)}
						</p>
					))}
				</section>
			))}
		</main>
	)
}
