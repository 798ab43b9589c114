using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TutorBot.Storage;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Privacy;

/// <summary>Every table, queue and container the app creates is in the personal-data register.</summary>
[TestClass]
public sealed class RegisterTests
{
    [TestMethod]
    public async Task EveryTableQueueAndContainerInStorageHasARegisterEntry()
    {
        await using var s = await StandIns.StartAsync(PrivacyKit.Settings(new() { ["Demo:Seed"] = "true" }));
        var app = s.App;
        var register = app.Services.GetRequiredService<IOptions<StorageLayout>>().Value.Register;

        var created = new List<string>();
        await foreach (var table in new TableServiceClient(BotApplication.StorageConnection).QueryAsync(t => t.Name.CompareTo(app.TablePrefix) >= 0 && t.Name.CompareTo(app.TablePrefix + "~") < 0))
        {
            created.Add(table.Name[app.TablePrefix.Length..]);
        }

        var lower = app.TablePrefix.ToLowerInvariant();
        await foreach (var queue in new QueueServiceClient(BotApplication.StorageConnection).GetQueuesAsync(prefix: lower))
        {
            created.Add(queue.Name[lower.Length..]);
        }

        await foreach (var container in new BlobServiceClient(BotApplication.StorageConnection).GetBlobContainersAsync(prefix: lower))
        {
            created.Add(container.Name[lower.Length..]);
        }

        Assert.IsTrue(created.Count >= 10, "the walk sees the app's storage: " + string.Join(", ", created));
        var missing = created.Where(name => !register.ContainsKey(name)).ToList();
        Assert.AreEqual(0, missing.Count, "not in the personal-data register (declare them with services.AddTable(name, new PersonalData(...))): " + string.Join(", ", missing));
        foreach (var (name, entry) in register)
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(entry.Identifies) || string.IsNullOrWhiteSpace(entry.Retention) || string.IsNullOrWhiteSpace(entry.Erase), $"{name}: every part of the entry is said");
        }
    }
}
