using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TutorBot.Storage;

namespace TutorBot.Features.Partners;

/// <summary>The Partners table: obligations per agreement and party, logo versions and insertion records (BAT grants: Approvals).</summary>
public sealed class PartnersStore(Tables tables)
{
    public TableClient Table => tables[PartnersKeys.Table];

    public async Task<List<PartyObligations>> ObligationsAsync(string agreementId, CancellationToken cancellationToken)
    {
        var partition = PartnersKeys.ObligationPartition(agreementId);
        var result = new List<PartyObligations>();
        await foreach (var e in Table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            result.Add(Obligations(e));
        }

        return result;
    }

    public async Task<(PartyObligations Party, ETag ETag)?> ObligationAsync(string agreementId, string organisationId, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(PartnersKeys.ObligationPartition(agreementId), organisationId, cancellationToken: cancellationToken);
        return found.HasValue ? (Obligations(found.Value!), found.Value!.ETag) : null;
    }

    /// <summary>Replaces the row if it is still at <paramref name="etag"/> (412 otherwise); returns the new ETag.</summary>
    public async Task<ETag> UpdateAsync(PartyObligations party, ETag etag, CancellationToken cancellationToken)
    {
        var response = await Table.UpdateEntityAsync(Obligations(party), etag, TableUpdateMode.Replace, cancellationToken);
        return response.Headers.ETag ?? default;
    }

    /// <summary>Writes a new row (409 when it exists); returns its ETag.</summary>
    public async Task<ETag> AddAsync(PartyObligations party, CancellationToken cancellationToken)
    {
        var response = await Table.AddEntityAsync(Obligations(party), cancellationToken);
        return response.Headers.ETag ?? default;
    }

    /// <summary>Writes the row unless it exists (seeding: later edits stay).</summary>
    public async Task AddIfMissingAsync(PartyObligations party, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(Obligations(party), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already there, perhaps edited since: keep it.
        }
    }

    /// <summary>Records a logo version (once: the same hash again changes nothing) and makes it the organisation's current one.</summary>
    public async Task<bool> AddLogoAsync(LogoVersion logo, CancellationToken cancellationToken)
    {
        var partition = PartnersKeys.LogoPartition(logo.OrganisationId);
        var created = true;
        try
        {
            await Table.AddEntityAsync(
                new TableEntity(partition, logo.Hash)
                {
                    ["ContentType"] = logo.ContentType,
                    ["Width"] = logo.Width,
                    ["Height"] = logo.Height,
                    ["Bytes"] = logo.Bytes,
                    ["UploadedAt"] = logo.UploadedAt,
                },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            created = false;
        }

        await Table.UpsertEntityAsync(
            new TableEntity(partition, PartnersKeys.CurrentLogo) { ["Hash"] = logo.Hash, ["ContentType"] = logo.ContentType },
            TableUpdateMode.Replace,
            cancellationToken);
        return created;
    }

    public async Task<LogoVersion?> LogoAsync(string organisationId, string hash, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(PartnersKeys.LogoPartition(organisationId), hash, cancellationToken: cancellationToken);
        return found.HasValue ? Logo(organisationId, found.Value!) : null;
    }

    /// <summary>The organisation's current logo version, if it has one.</summary>
    public async Task<LogoVersion?> CurrentLogoAsync(string organisationId, CancellationToken cancellationToken)
    {
        var current = await Table.GetEntityIfExistsAsync<TableEntity>(PartnersKeys.LogoPartition(organisationId), PartnersKeys.CurrentLogo, cancellationToken: cancellationToken);
        return current.HasValue && current.Value!.GetString("Hash") is { } hash ? await LogoAsync(organisationId, hash, cancellationToken) : null;
    }

    public Task AddInsertionAsync(InsertionRecord record, CancellationToken cancellationToken)
    {
        var e = new TableEntity(PartnersKeys.InsertionPartition(record.At), record.Id)
        {
            ["PersonId"] = record.PersonId,
            ["At"] = record.At,
            ["AgreementId"] = record.AgreementId,
            ["OrganisationId"] = record.OrganisationId,
            ["SubjectHash"] = record.SubjectHash,
        };
        if (record.LogoHash is { } logo)
        {
            e["LogoHash"] = logo;
        }

        return Table.AddEntityAsync(e, cancellationToken);
    }

    private static TableEntity Obligations(PartyObligations p) => new(PartnersKeys.ObligationPartition(p.AgreementId), p.OrganisationId)
    {
        ["MentionFr"] = p.MentionFr,
        ["MentionEn"] = p.MentionEn,
        ["LogoExpected"] = p.LogoExpected,
        ["LogoNeedsBat"] = p.LogoNeedsBat,
        ["Links"] = JsonSerializer.Serialize(p.Links),
        ["NameBarredFromCommercial"] = p.NameBarredFromCommercial,
        ["WrittenConsentOnRecord"] = p.WrittenConsentOnRecord,
    };

    private static PartyObligations Obligations(TableEntity e) => new(
        e.PartitionKey["obligation|".Length..],
        e.RowKey,
        e.GetString("MentionFr") ?? "",
        e.GetString("MentionEn") ?? "",
        e.GetBoolean("LogoExpected") ?? false,
        e.GetBoolean("LogoNeedsBat") ?? false,
        e.GetString("Links") is { Length: > 0 } links ? JsonSerializer.Deserialize<List<RequiredLink>>(links) ?? [] : [],
        e.GetBoolean("NameBarredFromCommercial") ?? false,
        e.GetBoolean("WrittenConsentOnRecord") ?? false);

    private static LogoVersion Logo(string organisationId, TableEntity e) => new(
        organisationId,
        e.RowKey,
        e.GetString("ContentType"),
        e.GetInt32("Width") ?? 0,
        e.GetInt32("Height") ?? 0,
        e.GetInt64("Bytes") ?? 0,
        e.GetDateTimeOffset("UploadedAt") ?? default);
}
