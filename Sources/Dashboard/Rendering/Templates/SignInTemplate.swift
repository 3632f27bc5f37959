extension PageTemplates {
    static let signIn = """
        {{<layout}}
        {{$title}}Sign in{{/title}}
        {{$body}}
        <h1>Sign in to the dashboard</h1>
        <p>Use one of the service's tokens (a line of its tokens file). The browser keeps a session cookie, not the token.</p>
        {{#problem}}<p class="error" role="alert">{{problem}}</p>{{/problem}}
        <form method="post" action="/ui/sign-in">
        <input type="hidden" name="next" value="{{next}}">
        <p><label for="token">Token</label><br>
        <input id="token" name="token" type="password" autocomplete="current-password" required size="40"></p>
        <p><button type="submit">Sign in</button></p>
        </form>
        {{/body}}
        {{/layout}}
        """
}
