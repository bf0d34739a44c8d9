# heapq for a todo list and top-k
import heapq

tasks = []
heapq.heappush(tasks, (2, "write"))
heapq.heappush(tasks, (1, "plan"))
heapq.heappush(tasks, (3, "test"))
while tasks:
    print(heapq.heappop(tasks))
nums = [5, 1, 8, 3, 9, 2]
print(heapq.nlargest(3, nums), heapq.nsmallest(2, nums))
heapq.heapify(nums)
print(nums[0], heapq.heappushpop(nums, 0), sorted(nums))
print(list(heapq.merge([1, 4, 7], [2, 5, 8])))
