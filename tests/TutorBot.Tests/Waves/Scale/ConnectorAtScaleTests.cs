using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Azure.Core;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Waves.Scale;

/// <summary>The scale stand-in over HTTP: the token it requires, its 429s, 503s and slow answers, and what it records.</summary>
[TestClass]
public sealed class ConnectorAtScaleTests
{
    private static async Task<(TokenIssuerStandIn Issuer, ConnectorAtScale Connector, HttpClient Http)> StartAsync(ScaleOptions? options = null)
    {
        var issuer = new TokenIssuerStandIn();
        await issuer.StartAsync();
        var connector = new ConnectorAtScale(issuer, options);
        await connector.StartAsync();
        var token = await new StandInCredential(issuer.BaseUrl, BotApplication.BotTenant).GetTokenAsync(new TokenRequestContext(["https://api.botframework.com/.default"]), default);
        var http = new HttpClient { BaseAddress = new Uri(connector.ServiceUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return (issuer, connector, http);
    }

    private static object Card(string conversation, string waveId) => new
    {
        type = "message",
        conversation = new { id = conversation, tenantId = "tenant" },
        attachments = new[]
        {
            new
            {
                contentType = "application/vnd.microsoft.card.adaptive",
                content = new
                {
                    type = "AdaptiveCard",
                    version = "1.5",
                    body = new[] { new { type = "TextBlock", text = "Atelier demain" } },
                    actions = new[] { new { type = "Action.Execute", verb = "answer", data = new { waveId, answer = 0 } } },
                },
            },
        },
    };

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string conversation, string waveId = "w1") =>
        http.PostAsJsonAsync($"v3/conversations/{conversation}/activities", Card(conversation, waveId));

    [TestMethod]
    public async Task ACallWithoutTheBotsTokenIsRefusedAndNothingIsPosted()
    {
        var (issuer, connector, http) = await StartAsync();
        await using var issuing = issuer;
        await using var connecting = connector;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenIssuerStandIn.Mint(issuer.EntraKey, "https://login.microsoftonline.com/x/v2.0", "https://api.botframework.com"));

        var response = await PostAsync(http, "a:one");

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode, "a token signed by another key");
        Assert.AreEqual(1, connector.Unauthorized);
        Assert.IsEmpty(connector.Activities);
    }

    [TestMethod]
    public async Task TheEighthCardToOneChatWithinASecondGets429WithRetryAfterAndIsNotPosted()
    {
        var (issuer, connector, http) = await StartAsync();
        await using var issuing = issuer;
        await using var connecting = connector;

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => PostAsync(http, "a:busy")));

        Assert.AreEqual(7, answers.Count(a => a.StatusCode == HttpStatusCode.Created), "seven pass");
        var refused = answers.Single(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.AreEqual(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta, "whole seconds until the window admits again");
        Assert.HasCount(7, connector.Activities);
        Assert.AreEqual("thread 7/1s", connector.Refusals.Single().Limit);
        Assert.AreEqual(7, connector.CardsPerRecipient()[("a:busy", "waveId=w1")], "the marker is read from the card's Action.Execute data");
    }

    [TestMethod]
    public async Task AFailedCallPostsNothingAndASlowOneIsPostedBeforeItIsAnswered()
    {
        var (issuer, connector, http) = await StartAsync(new ScaleOptions { FailShare = 1 });
        await using var issuing = issuer;
        await using var connecting = connector;
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, (await PostAsync(http, "a:x")).StatusCode);
        Assert.IsEmpty(connector.Activities);

        var (issuer2, slow, http2) = await StartAsync(new ScaleOptions { SlowShare = 1, SlowDelay = TimeSpan.FromSeconds(1) });
        await using var issuing2 = issuer2;
        await using var slowing = slow;
        var clock = Stopwatch.StartNew();
        var pending = PostAsync(http2, "a:slow");
        await ScaleRun.WaitAsync(() => slow.Activities.Count == 1, TimeSpan.FromSeconds(10), "the card posted");
        var postedAfter = clock.Elapsed;
        Assert.AreEqual(HttpStatusCode.Created, (await pending).StatusCode);
        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9), clock.Elapsed, "answered late");
        Assert.IsLessThan(clock.Elapsed, postedAfter, "posted before the answer");
        Assert.AreEqual(1, slow.Slow);
    }
}
