using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace TutorBot.Calendar;

/// <summary>
/// Signed, expiring links to one person's .ics of one booking. The token is ASP.NET Core Data Protection's
/// time-limited payload: it cannot be forged or altered, and it stops working when it expires.
/// </summary>
public sealed class IcsLinks(IDataProtectionProvider protection, IOptions<CalendarOptions> options, TimeProvider clock)
{
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("TutorBot.Calendar.IcsLink.v1").ToTimeLimitedDataProtector();

    public Uri Create(string kind, string bookingId, string personId)
    {
        var token = _protector.Protect(string.Join('\n', kind, bookingId, personId), clock.GetUtcNow() + options.Value.IcsLinkLifetime);
        return new Uri(options.Value.PublicBaseUrl, "ics/" + token);
    }

    /// <summary>The link's (kind, booking, person), or null when it was tampered with or has expired.</summary>
    public (string Kind, string BookingId, string PersonId)? Read(string token)
    {
        try
        {
            var parts = _protector.Unprotect(token, out var expiration).Split('\n');
            return parts.Length == 3 && expiration > clock.GetUtcNow() ? (parts[0], parts[1], parts[2]) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
