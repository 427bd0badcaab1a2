// Vestnik admin: Markdown toolbar and live preview. The admin works without it.
