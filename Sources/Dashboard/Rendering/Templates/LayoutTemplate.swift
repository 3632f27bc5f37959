extension PageTemplates {
    /// The frame every page fills: its title and body blocks, the navigation, the refresh, the
    /// styles. Colours keep a contrast of at least 4.5:1; states are words, never colour alone.
    static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        {{#refreshSeconds}}<meta http-equiv="refresh" content="{{refreshSeconds}}">{{/refreshSeconds}}
        <title>{{$title}}Dashboard{{/title}} · avosync</title>
        <style>
        :root { color-scheme: light; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a1a1a; background: #fff; overflow-wrap: break-word; }
        a { color: #0645ad; }
        a:focus, button:focus, input:focus, select:focus { outline: 3px solid #1a5fb4; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; }
        header { background: #1f2933; color: #fff; padding: 8px 16px; display: flex; flex-wrap: wrap; gap: 16px; align-items: center; }
        header a { color: #fff; font-weight: 600; }
        header .brand { font-weight: 700; margin-right: auto; }
        header form { margin: 0; }
        main { padding: 16px; max-width: 1200px; }
        h1 { font-size: 1.5rem; margin: 0 0 8px; }
        h2 { font-size: 1.2rem; margin: 24px 0 8px; }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; min-width: 100%; }
        caption { text-align: left; color: #4a4a4a; padding: 4px 0; }
        th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #d0d0d0; vertical-align: top; }
        th[scope=row] { white-space: nowrap; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        small { color: #4a4a4a; }
        .state { display: inline-block; padding: 0 6px; border-radius: 4px; font-weight: 600; border: 1px solid currentColor; }
        .state-running { color: #1e6b2e; }
        .state-paused, .state-blocked { color: #8a4b00; }
        .state-failing, .state-attention { color: #a4161a; }
        .state-disconnected { color: #4a4a4a; }
        .notice { border-left: 4px solid #8a4b00; padding: 4px 12px; background: #fff8e6; }
        .error { border-left: 4px solid #a4161a; padding: 4px 12px; background: #fdecec; }
        .chart { width: 100%; max-width: 560px; height: auto; }
        .chart .axis { stroke: #4a4a4a; stroke-width: 1; }
        .chart .series { stroke: #1a5fb4; stroke-width: 2; fill: #1a5fb4; }
        .chart polyline.series { fill: none; }
        .chart text { font-size: 14px; fill: #1a1a1a; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 16px; }
        figure { margin: 0; }
        form.filters { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; }
        form.filters label { display: flex; flex-direction: column; font-size: 0.9rem; }
        input, select, button { font: inherit; }
        button { padding: 4px 12px; }
        footer { padding: 16px; color: #4a4a4a; font-size: 0.9rem; }
        @media (max-width: 600px) { main { padding: 8px; } th, td { padding: 4px 6px; } }
        </style>
        </head>
        <body>
        <a class="skip" href="#main">Skip to the content</a>
        <header>
        <span class="brand">avosync</span>
        <nav aria-label="Dashboard"><a href="/ui/">Overview</a> · <a href="/ui/log">Log</a></nav>
        {{#session}}<form method="post" action="/ui/sign-out"><button type="submit">Sign out</button></form>{{/session}}
        </header>
        <main id="main">
        {{$body}}{{/body}}
        </main>
        <footer>Read only: re-drives and settings stay on the command line and in the log. Shown at {{shownAt}} UTC{{#refreshSeconds}}; refreshes every {{refreshSeconds}} seconds{{/refreshSeconds}}.</footer>
        </body>
        </html>
        """
}
