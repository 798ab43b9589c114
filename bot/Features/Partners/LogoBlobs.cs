using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using TutorBot.Storage;

namespace TutorBot.Features.Partners;

/// <summary>
/// Logo files in Blob Storage, named by their SHA-256: written with a conditional create (<c>If-None-Match: *</c>),
/// so a version, once stored, is never overwritten; the same content again finds it there.
/// </summary>
public sealed class LogoBlobs(Blobs blobs)
{
    private BlobContainerClient Container => blobs[PartnersKeys.LogoContainer];

    /// <summary>Stores the file unless its version exists; true when this call created it.</summary>
    public async Task<bool> CreateAsync(string hash, string contentType, byte[] content, CancellationToken cancellationToken)
    {
        var blob = Container.GetBlobClient(PartnersKeys.LogoBlob(hash, contentType));
        try
        {
            await blob.UploadAsync(
                new BinaryData(content),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>The file of a version, or null when the blob is missing.</summary>
    public async Task<byte[]?> ReadAsync(string hash, string contentType, CancellationToken cancellationToken)
    {
        try
        {
            var result = await Container.GetBlobClient(PartnersKeys.LogoBlob(hash, contentType)).DownloadContentAsync(cancellationToken);
            return result.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
