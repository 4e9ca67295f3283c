/**
 * Compiles a lesson's MDX to a function body with mdx-bundler. Build-time only: the server reads
 * compiled lessons from disk and never imports this module; the counter lets tests prove it.
 */
import { bundleMDX } from 'mdx-bundler'
import rehypeSlug from 'rehype-slug'
import remarkGfm from 'remark-gfm'
import { countCompilation } from './compile-counter'

export async function compileLesson(source: string, cwd: string): Promise<string> {
	countCompilation()
	const result = await bundleMDX({
		source,
		cwd,
		mdxOptions(options) {
			options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm]
			options.rehypePlugins = [...(options.rehypePlugins ?? []), rehypeSlug]
			return options
		},
	})
	return result.code
}
