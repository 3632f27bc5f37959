extension PageTemplates {
    static let problem = """
        {{<layout}}
        {{$title}}{{heading}}{{/title}}
        {{$body}}
        <h1>{{heading}}</h1>
        <p class="error" role="alert">{{message}}</p>
        {{#requestID}}<p>Request id: <code>{{requestID}}</code></p>{{/requestID}}
        <p><a href="/ui/">Back to the overview</a></p>
        {{/body}}
        {{/layout}}
        """
}
