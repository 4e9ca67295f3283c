import type { ReactNode } from 'react'

/**
 * A table that scrolls sideways on its own when it is wider than the screen, with its column
 * headings; the rows are the children. The scrolling box is positioned so that visually hidden
 * text in a cell (`sr-only`, absolutely positioned) stays inside it: otherwise such text in a
 * column past the right edge is placed against the page and makes the whole page scroll sideways.
 */
export function DataTable({
	columns,
	caption,
	children,
}: {
	columns: ReactNode[]
	caption?: string
	children: ReactNode
}) {
	return (
		<div className="relative overflow-x-auto">
			<table className="w-full text-left">
				{caption ? <caption className="sr-only">{caption}</caption> : null}
				<thead>
					<tr className="border-b border-line">
						{columns.map((column, i) => (
							<th key={i} scope="col" className="py-2 pr-3 font-medium">
								{column}
							</th>
						))}
					</tr>
				</thead>
				<tbody>{children}</tbody>
			</table>
		</div>
	)
}
