import type { ReactNode } from 'react'

/**
 * A table that scrolls sideways on its own when it is wider than the screen, with its column
 * headings; the rows are the children.
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
		<div className="overflow-x-auto">
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
