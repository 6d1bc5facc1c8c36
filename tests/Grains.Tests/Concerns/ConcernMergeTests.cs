using Coordination.Grains.Concerns;
using Coordination.Grains.Security;

namespace Coordination.Grains.Tests.Concerns;

[Collection(ClusterCollection.Name)]
public sealed class ConcernMergeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task MergedDuplicate_IsClosed_AndTheTargetListsIt()
    {
        var target = Guid.NewGuid();
        var duplicate = Guid.NewGuid();
        var targetStatus = await fixture.Concern(target).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));
        var duplicateStatus = await fixture.Concern(duplicate).Report(People.OtherHotelMember(), Reports.FromHotel(fixture.Clock, area: "Söder"));

        var merged = await fixture.Concern(duplicate).MergeInto(People.Coordinator(), target);

        Assert.Equal(ConcernStatus.Closed, merged.Status);
        var duplicateDetails = await fixture.Concern(duplicate).GetDetails(People.Coordinator());
        Assert.Equal(ClosureOutcome.MergedAsDuplicate, duplicateDetails.Outcome);
        Assert.Equal(target, duplicateDetails.MergedInto);
        Assert.Contains(duplicateDetails.Timeline, e => e.Type == "concern.merged-into" && e.Detail == targetStatus.Reference);

        var targetDetails = await fixture.Concern(target).GetDetails(People.Coordinator());
        Assert.Equal([duplicate], targetDetails.Duplicates);
        Assert.Equal(ConcernStatus.Reported, targetDetails.Summary.Status);
        Assert.Contains(targetDetails.Timeline, e => e.Type == "concern.duplicate-attached" && e.Detail == duplicateStatus.Reference);

        // The duplicate's reporter learns only that it is closed.
        Assert.Equal(PublicStatus.Closed, (await fixture.Concern(duplicate).GetStatus(People.OtherHotelMember())).Status);
    }

    [Fact]
    public async Task MergingIntoItself_IsRejected()
    {
        var id = Guid.NewGuid();
        await fixture.Concern(id).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));

        var error = await Assert.ThrowsAsync<ValidationException>(() => fixture.Concern(id).MergeInto(People.Coordinator(), id));

        Assert.Equal("targetId", error.Field);
        Assert.Equal(ConcernStatus.Reported, (await fixture.Concern(id).GetDetails(People.Coordinator())).Summary.Status);
    }

    [Fact]
    public async Task MergingIntoAnUnknownConcern_IsRejected_AndTheDuplicateStaysOpen()
    {
        var id = Guid.NewGuid();
        await fixture.Concern(id).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));

        var error = await Assert.ThrowsAsync<ValidationException>(() => fixture.Concern(id).MergeInto(People.Coordinator(), Guid.NewGuid()));

        Assert.Equal("targetId", error.Field);
        var details = await fixture.Concern(id).GetDetails(People.Coordinator());
        Assert.Equal(ConcernStatus.Reported, details.Summary.Status);
        Assert.Null(details.MergedInto);
    }

    [Fact]
    public async Task MergingIntoAClosedConcern_IsRejected()
    {
        var closed = Guid.NewGuid();
        var duplicate = Guid.NewGuid();
        await fixture.Concern(closed).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));
        await fixture.Concern(closed).CloseAsUnfounded(People.Coordinator(), null);
        await fixture.Concern(duplicate).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));

        await Assert.ThrowsAsync<ConflictException>(() => fixture.Concern(duplicate).MergeInto(People.Coordinator(), closed));

        Assert.Equal(ConcernStatus.Reported, (await fixture.Concern(duplicate).GetDetails(People.Coordinator())).Summary.Status);
        Assert.Empty((await fixture.Concern(closed).GetDetails(People.Coordinator())).Duplicates);
    }

    [Fact]
    public async Task MergedDuplicate_CannotBeMergedAgain()
    {
        var target = Guid.NewGuid();
        var duplicate = Guid.NewGuid();
        await fixture.Concern(target).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));
        await fixture.Concern(duplicate).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));
        await fixture.Concern(duplicate).MergeInto(People.Coordinator(), target);

        await Assert.ThrowsAsync<ConflictException>(() => fixture.Concern(duplicate).MergeInto(People.Coordinator(), target));

        Assert.Equal([duplicate], (await fixture.Concern(target).GetDetails(People.Coordinator())).Duplicates);
    }

    [Fact]
    public async Task TwoOppositeMergesAtOnce_AreRefusedPromptly_AndBothConcernsStayOpen()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await fixture.Concern(first).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));
        await fixture.Concern(second).Report(People.OtherHotelMember(), Reports.FromHotel(fixture.Clock, area: "Söder"));

        var one = fixture.Concern(first).MergeInto(People.Coordinator(), second);
        var other = fixture.Concern(second).MergeInto(People.NgoCoordinator(), first);
        var outcomes = await Task.WhenAll(Outcome(one), Outcome(other));

        // Never both closed as each other's duplicate, and never a wait until the call times out.
        Assert.DoesNotContain(outcomes, o => o is TimeoutException);
        Assert.All(outcomes, o => Assert.True(o is null or ConflictException, $"unexpected {o}"));
        var statuses = new[]
        {
            (await fixture.Concern(first).GetDetails(People.Coordinator())).Summary.Status,
            (await fixture.Concern(second).GetDetails(People.Coordinator())).Summary.Status,
        };
        Assert.Contains(ConcernStatus.Reported, statuses);
    }

    private static async Task<Exception?> Outcome(Task task)
    {
        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(20));
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }
}
