extension PageTemplates {
    static let problem = """
        {{<layout}}
        {{$title}}{{heading}}{{/title}}
        {{$body}}
        <h1>{{heading}}</h1>
        <p class="error" role="alert">{{message}}</p>
        <p><a href="/ui/">Back to the overview</a></p>
        {{/body}}
        {{/layout}}
        """
}
