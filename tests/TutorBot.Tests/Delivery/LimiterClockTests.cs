using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TutorBot.Delivery;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Delivery;

/// <summary>The limiter counts seconds on its own monotonic time, so a test's frozen clock cannot stall it.</summary>
[TestClass]
public sealed class LimiterClockTests
{
    private static DeliveryLimiter On(TimeProvider clock) => new(null!, Options.Create(new DeliveryOptions()), clock, NullLogger<DeliveryLimiter>.Instance);

    [TestMethod]
    public async Task TimeGoesOnWhileTheClockIsFrozen()
    {
        var clock = new SettableClock(new DateTimeOffset(2027, 1, 13, 8, 0, 0, TimeSpan.Zero));
        var limiter = On(clock);
        var first = limiter.Now();

        await Task.Delay(300);

        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250), limiter.Now() - first, "the next second comes although the clock stands still");
    }

    [TestMethod]
    public void AClockSetForwardMovesItForwardAndOneSetBackDoesNot()
    {
        var start = new DateTimeOffset(2027, 1, 13, 8, 0, 0, TimeSpan.Zero);
        var clock = new SettableClock(start);
        var limiter = On(clock);

        clock.Now = start + TimeSpan.FromMinutes(2);
        var forward = limiter.Now();
        clock.Now = start;
        var back = limiter.Now();

        Assert.IsGreaterThanOrEqualTo(start + TimeSpan.FromMinutes(2), forward, "a Retry-After measured on the clock ends when the clock says");
        Assert.IsGreaterThanOrEqualTo(forward, back, "never backwards");
    }
}
