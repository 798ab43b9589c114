using TutorBot.Hosting;

namespace TutorBot.Tests.Hosting;

[TestClass]
public sealed class TelemetryRedactionTests
{
    [TestMethod]
    [DataRow("https://smba.trafficmanager.net/emea/v3/conversations/a:1qhNabc123/activities/1700000000000", "https://smba.trafficmanager.net/emea/v3/conversations/{id}/activities/{id}")]
    [DataRow("https://graph.microsoft.com/v1.0/users/claire.martin@ups.example/events", "https://graph.microsoft.com/v1.0/users/{id}/events")]
    [DataRow("http://127.0.0.1:10002/devstoreaccount1/t1Sessions(PartitionKey='student-yasmine',RowKey='s1')?$select=x", "http://127.0.0.1:10002/{id}/{id}")]
    [DataRow("/ics/eyJzZXNzaW9uIjoiczQyIn0.sig", "/ics/{id}")]
    [DataRow("/api/messages", "/api/messages")]
    public void UrlsKeepTheirShapeButNoIdMailboxOrQuery(string url, string expected) =>
        Assert.AreEqual(expected, TelemetryExtensions.RedactUrl(url));
}
